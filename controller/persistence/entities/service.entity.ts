import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A service row. `spec` holds the service's full definition as the domain gives it
 * (`Service.toInput()`, canonical JSON); the columns beside it are what queries and
 * constraints need (its name, its unique table index).
 */
@Entity('service')
export class ServiceEntity {
  @PrimaryColumn({ type: 'varchar', length: 253 })
  name!: string;

  @Column({ name: 'table_index', type: 'integer', unique: true })
  tableIndex!: number;

  @Column({ type: 'text' })
  spec!: string;
}
