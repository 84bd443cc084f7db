import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PIX_KEY_CHARS_MAX } from '../../../domain';
import { AccountOrmEntity } from './account.orm-entity';

@Entity('pix_keys')
export class PixKeyOrmEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 5 })
  kind!: string;

  @Column({ type: 'varchar', length: PIX_KEY_CHARS_MAX })
  key!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => AccountOrmEntity)
  @JoinColumn({ name: 'account_id' })
  account?: AccountOrmEntity;

  @Column({ type: 'varchar', length: 7 })
  status!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
