import type { DataSource, Repository } from 'typeorm';
import { LessThan } from 'typeorm';
import { AuditEntity } from '../../persistence/entities/audit.entity';
import type { Principal } from './roles';

/** One audited change. */
export interface AuditRecord {
  readonly id: number;
  readonly time: string;
  readonly principal: string;
  readonly role: string;
  readonly method: string;
  readonly request: string;
  readonly result: string;
  readonly detail: string;
}

/** Keys whose values never reach the audit log (secrets a request may carry). */
const SECRET_KEYS = /key|secret|token|password/i;

/** The request as JSON with secrets masked, for the `request` column. */
export function maskedJson(request: unknown): string {
  return JSON.stringify(request, (k, v: unknown) =>
    k !== '' && SECRET_KEYS.test(k) && typeof v === 'string' && v !== '' ? '***' : v,
  );
}

/** The `audit_log` table: one row per change asked of the admin API, refused ones included. */
export class AuditLog {
  private readonly repo: Repository<AuditEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(AuditEntity);
  }

  /** Appends a row. */
  async record(
    who: Principal,
    method: string,
    request: unknown,
    result: string,
    detail: string,
  ): Promise<void> {
    await this.repo.insert({
      time: new Date().toISOString(),
      principal: who.name,
      role: who.role,
      method,
      request: maskedJson(request),
      result,
      detail,
    });
  }

  /** Newest first, `limit` rows older than `beforeId` (when given). */
  async list(limit: number, beforeId?: number): Promise<readonly AuditRecord[]> {
    const rows = await this.repo.find({
      where: beforeId ? { id: LessThan(beforeId) } : {},
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }
}
