import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One admin API change as it was asked and how it ended (who, what, when, result). */
@Entity('audit_log')
export class AuditEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** ISO 8601 UTC. */
  @Column({ type: 'varchar', length: 32 })
  time!: string;

  /** 'token:<name>' or 'cert:<CN>'. */
  @Column({ type: 'varchar', length: 255 })
  principal!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: string;

  /** The API method, e.g. 'CreateService'. */
  @Column({ type: 'varchar', length: 63 })
  method!: string;

  /** The request as JSON, secrets masked. */
  @Column({ type: 'text' })
  request!: string;

  /** 'OK' or the gRPC status code name. */
  @Column({ type: 'varchar', length: 32 })
  result!: string;

  @Column({ type: 'text' })
  detail!: string;
}
