import {
  Account,
  type AccountType,
  Bank,
  Ispb,
  type KeyKind,
  PixKey,
  type PixKeyStatus,
  parseTaxId,
} from '../../domain';
import { AccountOrmEntity } from './entities/account.orm-entity';
import { BankOrmEntity } from './entities/bank.orm-entity';
import { PixKeyOrmEntity } from './entities/pix-key.orm-entity';

/** Rows come from our own migrations' CHECK constraints, so their enum-like strings are trusted here. */
export const bankMapper = {
  toDomain: (row: BankOrmEntity): Bank =>
    Bank.restore({
      ispb: Ispb.create(row.ispb),
      name: row.name,
      active: row.active,
      createdAt: row.createdAt,
      lookupCategory: row.lookupCategory ?? undefined,
    }),
  toOrm: (bank: Bank): BankOrmEntity =>
    Object.assign(new BankOrmEntity(), {
      ispb: bank.ispb.value,
      name: bank.name,
      active: bank.active,
      createdAt: bank.createdAt,
      lookupCategory: bank.lookupCategory ?? null,
    }),
};

export const accountMapper = {
  toDomain: (row: AccountOrmEntity): Account =>
    Account.restore({
      id: row.id,
      ispb: Ispb.create(row.ispb),
      branch: row.branch,
      number: row.number,
      type: row.type as AccountType,
      ownerName: row.ownerName,
      ownerTaxId: parseTaxId(row.ownerTaxId),
    }),
  toOrm: (account: Account): AccountOrmEntity => {
    const a = account.props;
    return Object.assign(new AccountOrmEntity(), {
      id: a.id,
      ispb: a.ispb.value,
      branch: a.branch,
      number: a.number,
      type: a.type,
      ownerName: a.ownerName,
      ownerTaxId: a.ownerTaxId.value,
    });
  },
};

export const pixKeyMapper = {
  toDomain: (row: PixKeyOrmEntity, account: AccountOrmEntity): PixKey =>
    PixKey.restore({
      id: row.id,
      kind: row.kind as KeyKind,
      key: row.key,
      account: accountMapper.toDomain(account),
      status: row.status as PixKeyStatus,
      createdAt: row.createdAt,
      deletedAt: row.deletedAt ?? undefined,
    }),
  toOrm: (key: PixKey): PixKeyOrmEntity =>
    Object.assign(new PixKeyOrmEntity(), {
      id: key.id,
      kind: key.kind,
      key: key.key,
      accountId: key.account.id,
      status: key.status,
      createdAt: key.createdAt,
      deletedAt: key.deletedAt ?? null,
    }),
};
