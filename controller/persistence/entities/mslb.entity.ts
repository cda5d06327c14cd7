import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An MSLB configuration row, keyed by its name; its definition in `spec`. */
@Entity('mslb')
export class MslbEntity {
  @PrimaryColumn({ type: 'varchar', length: 253 })
  name!: string;

  @Column({ type: 'text' })
  spec!: string;
}
