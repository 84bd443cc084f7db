import type { PixKeyView } from '../../application/pix-key-view';
import type { BucketState } from '../../application/ports/lookup-allowance';
import type { LookupAllowanceView } from '../../application/use-cases/get-lookup-allowance';
import type { Bank, AccountType as DomainAccountType, KeyKind as DomainKeyKind } from '../../domain';
import { type Bank as BankMessage } from '../../gen/codepix/v1/bank';
import { AccountType, KeyKind } from '../../gen/codepix/v1/common';
import type { LookupAllowance, LookupBucket, PixKey } from '../../gen/codepix/v1/pix_key';

const KIND_TO_PROTO: Record<DomainKeyKind, KeyKind> = {
  cpf: KeyKind.KEY_KIND_CPF,
  cnpj: KeyKind.KEY_KIND_CNPJ,
  email: KeyKind.KEY_KIND_EMAIL,
  phone: KeyKind.KEY_KIND_PHONE,
  evp: KeyKind.KEY_KIND_EVP,
};

const TYPE_TO_PROTO: Record<DomainAccountType, AccountType> = {
  CACC: AccountType.ACCOUNT_TYPE_CACC,
  SVGS: AccountType.ACCOUNT_TYPE_SVGS,
  SLRY: AccountType.ACCOUNT_TYPE_SLRY,
  TRAN: AccountType.ACCOUNT_TYPE_TRAN,
};

function invert<K extends string, V extends number>(table: Record<K, V>): Map<number, K> {
  return new Map(Object.entries(table).map(([k, v]) => [v as number, k as K]));
}

const KIND_FROM_PROTO = invert(KIND_TO_PROTO);
const TYPE_FROM_PROTO = invert(TYPE_TO_PROTO);

/** Unknown or unspecified enum values come out undefined, for the domain to refuse with the field named. */
export const keyKindFromProto = (kind: KeyKind): DomainKeyKind | undefined => KIND_FROM_PROTO.get(kind);
export const accountTypeFromProto = (type: AccountType): DomainAccountType | undefined =>
  TYPE_FROM_PROTO.get(type);

export function pixKeyToProto(view: PixKeyView): PixKey {
  return {
    key: view.key,
    kind: KIND_TO_PROTO[view.kind],
    ownerName: view.ownerName,
    ownerTaxIdMasked: view.ownerTaxIdMasked,
    ispb: view.ispb,
    bankName: view.bankName,
    branch: view.branch,
    accountNumber: view.accountNumber,
    accountType: TYPE_TO_PROTO[view.accountType],
    createdAt: view.createdAt,
  };
}

export function bankToProto(bank: Bank): BankMessage {
  return {
    ispb: bank.ispb.value,
    name: bank.name,
    active: bank.active,
    createdAt: bank.createdAt,
    lookupCategory: bank.lookupCategory ?? '',
  };
}

const bucketToProto = (b: BucketState): LookupBucket => ({
  tokens: b.tokens,
  capacity: b.capacity,
  refillPerMinute: b.refillPerMinute,
});

export function lookupAllowanceToProto(view: LookupAllowanceView): LookupAllowance {
  return {
    category: view.category,
    participant: bucketToProto(view.participant),
    endUser: view.endUser && bucketToProto(view.endUser),
  };
}
