import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ServiceEntity } from './service.entity';

/** An instance row: its identity, its service (a foreign key), its definition in `spec`. */
@Entity('instance')
export class InstanceEntity {
  @PrimaryColumn({ type: 'varchar', length: 63 })
  id!: string;

  @Index('instance_service_idx')
  @Column({ type: 'varchar', length: 253 })
  service!: string;

  /** The foreign key on `service` (declared so the schema check knows it; never loaded). */
  @ManyToOne(() => ServiceEntity, { nullable: false, onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'service', foreignKeyConstraintName: 'instance_service_fkey' })
  serviceRow?: ServiceEntity;

  @Column({ type: 'text' })
  spec!: string;
}
