import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A route row, keyed by its identity (switch and prefix); its definition in `spec`. */
@Entity('route')
export class RouteEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  key!: string;

  @Column({ type: 'text' })
  spec!: string;
}
