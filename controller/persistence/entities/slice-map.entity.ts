import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { ServiceEntity } from './service.entity';

/**
 * A service's slice map, stored compactly: `owners` lists the instance ids in ordinal order
 * (JSON), and `ordinals` holds one little-endian Uint32 per slice, the ordinal of the slice's
 * instance in `owners` (0xFFFFFFFF: no instance). 65,536 slices are 256 KiB in one value.
 *
 * The binary column is `blob` on SQLite and `bytea` on PostgreSQL, and TypeORM has no type
 * that both accept, so the two engines get one subclass each (same table, same columns).
 */
export abstract class SliceMapColumns {
  abstract ordinals: Buffer;

  @PrimaryColumn({ type: 'varchar', length: 253 })
  service!: string;

  /** The foreign key on `service` (declared so the schema check knows it; never loaded). */
  @OneToOne(() => ServiceEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'service', foreignKeyConstraintName: 'slice_map_service_fkey' })
  serviceRow?: ServiceEntity;

  @Column({ name: 'slice_bits', type: 'integer' })
  sliceBits!: number;

  @Column({ type: 'text' })
  owners!: string;
}

/** The slice map row on SQLite. */
@Entity('slice_map')
export class SqliteSliceMapEntity extends SliceMapColumns {
  @Column({ type: 'blob' })
  override ordinals!: Buffer;
}

/** The slice map row on PostgreSQL. */
@Entity('slice_map')
export class PostgresSliceMapEntity extends SliceMapColumns {
  @Column({ type: 'bytea' })
  override ordinals!: Buffer;
}
