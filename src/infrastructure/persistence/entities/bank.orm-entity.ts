import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BANK_NAME_CHARS_MAX } from '../../../domain';

@Entity('banks')
export class BankOrmEntity {
  @PrimaryColumn({ type: 'char', length: 8 })
  ispb!: string;

  @Column({ type: 'varchar', length: BANK_NAME_CHARS_MAX })
  name!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'lookup_category', type: 'char', length: 1, nullable: true })
  lookupCategory!: string | null;
}
