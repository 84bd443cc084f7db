import type { PixKeyView } from '../../application/pix-key-view';
import type { BucketState } from '../../application/ports/lookup-allowance';
import type { LookupAllowanceView } from '../../application/use-cases/get-lookup-allowance';
import type { Bank } from '../../domain';
import { type Bank as BankMessage } from '../../gen/codepix/v1/bank';
import type { LookupAllowance, LookupBucket, PixKey } from '../../gen/codepix/v1/pix_key';
import { accountTypeToProto, keyKindToProto } from '../proto/enum-mapping';

export function pixKeyToProto(view: PixKeyView): PixKey {
  return {
    key: view.key,
    kind: keyKindToProto(view.kind),
    ownerName: view.ownerName,
    ownerTaxIdMasked: view.ownerTaxIdMasked,
    ispb: view.ispb,
    bankName: view.bankName,
    branch: view.branch,
    accountNumber: view.accountNumber,
    accountType: accountTypeToProto(view.accountType),
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
