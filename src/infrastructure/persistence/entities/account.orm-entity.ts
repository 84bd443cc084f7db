import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('accounts')
export class AccountOrmEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'char', length: 8 })
  ispb!: string;

  @Column({ type: 'varchar', length: 4 })
  branch!: string;

  @Column({ type: 'varchar', length: 20 })
  number!: string;

  @Column({ type: 'varchar', length: 4 })
  type!: string;

  @Column({ name: 'owner_name', type: 'varchar', length: 140 })
  ownerName!: string;

  @Column({ name: 'owner_tax_id', type: 'varchar', length: 14 })
  ownerTaxId!: string;
}
