import type { AccountType as DomainAccountType, KeyKind as DomainKeyKind } from '../../domain';
import { AccountType, KeyKind } from '../../gen/codepix/v1/common';
import type { Account } from '../../gen/codepix/v1/pix_key';

/* The enums every door shares (common.proto), between their domain names and their proto numbers. */

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

/** A domain-to-proto enum table, the other way round. */
export function invert<K extends string, V extends number>(table: Record<K, V>): Map<number, K> {
  return new Map(Object.entries(table).map(([k, v]) => [v as number, k as K]));
}

const KIND_FROM_PROTO = invert(KIND_TO_PROTO);
const TYPE_FROM_PROTO = invert(TYPE_TO_PROTO);

/** Unknown or unspecified enum values come out undefined, for the domain to refuse with the field named. */
export const keyKindFromProto = (kind: KeyKind): DomainKeyKind | undefined => KIND_FROM_PROTO.get(kind);
export const accountTypeFromProto = (type: AccountType): DomainAccountType | undefined =>
  TYPE_FROM_PROTO.get(type);

export const keyKindToProto = (kind: DomainKeyKind): KeyKind => KIND_TO_PROTO[kind];
export const accountTypeToProto = (type: DomainAccountType): AccountType => TYPE_TO_PROTO[type];

/** The account a request names (common.proto's Account), its fields left for the domain to check. */
export const accountInputFromProto = (account: Account | undefined) => ({
  branch: account?.branch,
  number: account?.number,
  type: account && accountTypeFromProto(account.type),
  ownerName: account?.ownerName,
  ownerTaxId: account?.ownerTaxId,
});
