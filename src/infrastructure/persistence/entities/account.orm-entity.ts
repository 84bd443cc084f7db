import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ACCOUNT_NUMBER_DIGITS_MAX, BRANCH_DIGITS_MAX, OWNER_NAME_CHARS_MAX } from '../../../domain';

@Entity('accounts')
export class AccountOrmEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'char', length: 8 })
  ispb!: string;

  @Column({ type: 'varchar', length: BRANCH_DIGITS_MAX })
  branch!: string;

  @Column({ type: 'varchar', length: ACCOUNT_NUMBER_DIGITS_MAX })
  number!: string;

  @Column({ type: 'varchar', length: 4 })
  type!: string;

  @Column({ name: 'owner_name', type: 'varchar', length: OWNER_NAME_CHARS_MAX })
  ownerName!: string;

  @Column({ name: 'owner_tax_id', type: 'varchar', length: 14 })
  ownerTaxId!: string;
}
