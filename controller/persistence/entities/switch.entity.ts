import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A switch row: its name, its P4Runtime device id and address, its definition in `spec`. */
@Entity('switch')
export class SwitchEntity {
  @PrimaryColumn({ type: 'varchar', length: 63 })
  name!: string;

  @Column({ type: 'text' })
  spec!: string;
}
