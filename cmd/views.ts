import type { Bank } from '../src/gen/codepix/v1/bank';
import { AccountType, KeyKind } from '../src/gen/codepix/v1/common';
import type { PixKey } from '../src/gen/codepix/v1/pix_key';

/** CLI spellings of the proto enums: key kinds in lower case, account types as ISO 20022 codes. */
export const KEY_KINDS = {
  cpf: KeyKind.KEY_KIND_CPF,
  cnpj: KeyKind.KEY_KIND_CNPJ,
  email: KeyKind.KEY_KIND_EMAIL,
  phone: KeyKind.KEY_KIND_PHONE,
  evp: KeyKind.KEY_KIND_EVP,
} as const;
export type KeyKindName = keyof typeof KEY_KINDS;

export const ACCOUNT_TYPES = {
  CACC: AccountType.ACCOUNT_TYPE_CACC,
  SVGS: AccountType.ACCOUNT_TYPE_SVGS,
  SLRY: AccountType.ACCOUNT_TYPE_SLRY,
  TRAN: AccountType.ACCOUNT_TYPE_TRAN,
} as const;
export type AccountTypeName = keyof typeof ACCOUNT_TYPES;

const nameOf = <T>(names: Record<string, T>, value: T): string =>
  Object.keys(names).find((name) => names[name] === value) ?? 'unspecified';

/** What `--json` prints for a bank. */
export interface BankView {
  ispb: string;
  name: string;
  active: boolean;
  createdAt: string | null;
}

/** What `--json` prints for a key. */
export interface PixKeyView {
  key: string;
  kind: string;
  ownerName: string;
  ownerTaxIdMasked: string;
  ispb: string;
  bankName: string;
  branch: string;
  accountNumber: string;
  accountType: string;
  createdAt: string | null;
}

export const bankView = (bank: Bank): BankView => ({
  ispb: bank.ispb,
  name: bank.name,
  active: bank.active,
  createdAt: bank.createdAt?.toISOString() ?? null,
});

export const pixKeyView = (key: PixKey): PixKeyView => ({
  key: key.key,
  kind: nameOf(KEY_KINDS, key.kind),
  ownerName: key.ownerName,
  ownerTaxIdMasked: key.ownerTaxIdMasked,
  ispb: key.ispb,
  bankName: key.bankName,
  branch: key.branch,
  accountNumber: key.accountNumber,
  accountType: nameOf(ACCOUNT_TYPES, key.accountType),
  createdAt: key.createdAt?.toISOString() ?? null,
});
