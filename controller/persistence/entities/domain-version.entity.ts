import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Parses the bigint column, which pg returns as text, into a number. */
export const bigintNumber = {
  to: (value: number): number => value,
  from: (value: string | number): number => Number(value),
};

/**
 * The domain's version: one row (id 1) raised by every committed command, in the same
 * transaction. The reconciler watches it; a command also uses it as its optimistic lock.
 */
@Entity('domain_version')
@Check('domain_version_id_check', '"id" = 1')
export class DomainVersionEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  version!: number;
}
