import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An admin API bearer token: only the SHA-256 of its secret is stored (the secret is 32
 * random bytes, so a plain hash cannot be brute-forced; docs/security.md).
 */
@Entity('api_token')
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id!: string;

  @Column({ type: 'varchar', length: 63, unique: true })
  name!: string;

  /** 'admin' or 'read-only'. */
  @Column({ type: 'varchar', length: 16 })
  role!: string;

  /** SHA-256 of the secret, lower-case hex. */
  @Column({ type: 'varchar', length: 64, unique: true })
  hash!: string;

  /** ISO 8601 UTC. */
  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'revoked_at', type: 'varchar', length: 32, nullable: true })
  revokedAt!: string | null;
}
