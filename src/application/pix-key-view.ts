import type { AccountType, KeyKind, PixKey } from '../domain';

/** What a lookup tells the asking bank. The owner's tax id leaves the hub only masked. */
export interface PixKeyView {
  key: string;
  kind: KeyKind;
  ownerName: string;
  ownerTaxIdMasked: string;
  ispb: string;
  bankName: string;
  branch: string;
  accountNumber: string;
  accountType: AccountType;
  createdAt: Date;
}

export function toPixKeyView(key: PixKey, bankName: string): PixKeyView {
  const account = key.account.props;
  return {
    key: key.key,
    kind: key.kind,
    ownerName: account.ownerName,
    ownerTaxIdMasked: account.ownerTaxId.masked(),
    ispb: account.ispb.value,
    bankName,
    branch: account.branch,
    accountNumber: account.number,
    accountType: account.type,
    createdAt: key.createdAt,
  };
}
