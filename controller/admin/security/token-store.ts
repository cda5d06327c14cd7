import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import { ApiTokenEntity } from '../../persistence/entities/api-token.entity';
import { type Principal, ROLES, type Role } from './roles';

/** A token as the API shows it (never its secret). */
export interface TokenInfo {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

/** A token just made: its secret is shown this once. */
export interface IssuedToken {
  readonly token: TokenInfo;
  readonly secret: string;
}

/** Secrets look like `ssa_<id>_<43 base64url characters>` so a leaked one is recognisable. */
const SECRET = /^ssa_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,62}$/;

/** A refused token request (bad name or role, name taken, unknown id). */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly expected: string,
    readonly reason: 'invalid' | 'exists' | 'not-found',
  ) {
    super(`${field}: ${JSON.stringify(value)} is invalid: expected ${expected}`);
  }
}

/** SHA-256 of a secret, hex: what the table holds. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Bearer tokens in the `api_token` table. Secrets carry 256 random bits, so a plain SHA-256
 * is enough (no salt or slow hash needed: there is no dictionary to try); the comparison
 * runs in constant time.
 */
export class TokenStore {
  private readonly repo: Repository<ApiTokenEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(ApiTokenEntity);
  }

  /** Makes a token; its secret is returned once and never stored. */
  async create(name: unknown, role: unknown): Promise<IssuedToken> {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new TokenError(
        'name',
        name,
        '1..63 letters, digits, ".", "_", "@" or "-", starting with a letter or digit',
        'invalid',
      );
    }
    if (!ROLES.includes(role as Role)) {
      throw new TokenError('role', role, `one of ${ROLES.join(', ')}`, 'invalid');
    }
    if ((await this.repo.findOneBy({ name })) !== null) {
      throw new TokenError('name', name, 'a name no token has yet', 'exists');
    }
    const id = randomBytes(8).toString('hex');
    const secret = `ssa_${id}_${randomBytes(32).toString('base64url')}`;
    const row: ApiTokenEntity = {
      id,
      name,
      role: role as Role,
      hash: hashSecret(secret),
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    await this.repo.insert(row);
    return { token: info(row), secret };
  }

  /** The principal a secret stands for, or undefined (unknown, malformed or revoked). */
  async authenticate(secret: string): Promise<Principal | undefined> {
    const m = SECRET.exec(secret);
    if (m === null) return undefined;
    const row = await this.repo.findOneBy({ id: m[1] });
    if (row === null || row.revokedAt !== null) return undefined;
    const given = Buffer.from(hashSecret(secret), 'hex');
    if (!timingSafeEqual(given, Buffer.from(row.hash, 'hex'))) return undefined;
    return { name: `token:${row.name}`, role: row.role as Role };
  }

  /** Every token, oldest first. */
  async list(): Promise<readonly TokenInfo[]> {
    const rows = await this.repo.find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(info);
  }

  /** Revokes a token (kept for the audit trail); refused if the id is unknown. */
  async revoke(id: unknown): Promise<TokenInfo> {
    const row = typeof id === 'string' ? await this.repo.findOneBy({ id }) : null;
    if (row === null) throw new TokenError('id', id, 'the id of a token', 'not-found');
    if (row.revokedAt === null) {
      row.revokedAt = new Date().toISOString();
      await this.repo.update({ id: row.id }, { revokedAt: row.revokedAt });
    }
    return info(row);
  }

  /** How many tokens exist (revoked ones included). */
  count(): Promise<number> {
    return this.repo.count();
  }
}

function info(row: ApiTokenEntity): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdAt: row.createdAt,
    ...(row.revokedAt !== null ? { revokedAt: row.revokedAt } : {}),
  };
}
