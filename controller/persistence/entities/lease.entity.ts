import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './domain-version.entity';

/**
 * The lease of one switch (docs/controller.md, Leadership and HA): which replica leads it,
 * the generation (raised by every takeover: the fencing token the P4Runtime election id is
 * derived from) and when it expires (ms since the epoch, by the database's clock).
 */
@Entity('switch_lease')
export class SwitchLeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 63 })
  switch!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  holder!: string | null;

  @Column({ type: 'bigint', transformer: bigintNumber })
  generation!: number;

  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintNumber })
  expiresAt!: number;
}

/** A live controller replica: its heartbeat, so each knows how many share the switches. */
@Entity('controller_replica')
export class ControllerReplicaEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id!: string;

  @Column({ name: 'expires_at', type: 'bigint', transformer: bigintNumber })
  expiresAt!: number;
}
