import { sameAccountRef } from './account-ref';
import { assert } from './assert';
import {
  CREDITOR_KEY_CHARS_MAX,
  DESCRIPTION_CHARS_MAX,
  REJECTION_DETAIL_CHARS_MAX,
  TXID_CHARS_MAX,
} from './limits';
import type { TransferProps } from './transfer';
import { charCount } from './validation';

/**
 * Everything that holds of a transfer once the request's decision is applied, derived from how the hub
 * makes and moves transfers:
 * - an accepted transfer (pending, confirmed, completed) has a creditor, a creditor account and a
 *   deadline, no rejection, and does not pay the debtor account itself; a rejected one has its reason;
 * - one rejected at once (no deadline) was never raised for reconciliation: it moved no money;
 * - createdAt <= updatedAt and createdAt <= the reconciliation's raisedAt;
 * - it was settled (settledAt) exactly when it is confirmed or completed;
 * - and what assertTransferFields checks.
 */
export function assertTransferInvariants(t: Readonly<TransferProps>): void {
  assertTransferFields(t);
  const accepted = t.status !== 'rejected';
  assert(
    !accepted || (t.creditorIspb !== undefined && t.deadline !== undefined),
    `transfer ${t.id} is ${t.status} without a creditor or a deadline`,
  );
  assert(
    accepted === (t.rejectionReason === undefined) && (accepted ? t.rejectionDetail === undefined : true),
    `transfer ${t.id} is ${t.status} with rejection reason ${t.rejectionReason}`,
  );
  assert(
    !accepted ||
      !(
        t.creditorIspb?.equals(t.debtorIspb) &&
        t.creditorAccount &&
        sameAccountRef(t.creditorAccount, t.debtorAccount)
      ),
    `transfer ${t.id} is ${t.status} to the debtor account itself`,
  );
  assert(
    t.createdAt.getTime() <= t.updatedAt.getTime() &&
      (t.reconciliation === undefined || t.reconciliation.raisedAt.getTime() >= t.createdAt.getTime()),
    `transfer ${t.id} has a change dated before its creation`,
  );
  assert(
    (t.settledAt !== undefined) === (t.status === 'confirmed' || t.status === 'completed'),
    `transfer ${t.id} is ${t.status} with settledAt ${t.settledAt?.toISOString()}`,
  );
  assert(
    t.reconciliation === undefined || t.deadline !== undefined,
    `transfer ${t.id} was rejected at once, yet raised for reconciliation`,
  );
}

/**
 * What holds from `open` on: an amount of at least a cent; an id that carries the debtor's ISPB; a
 * creditor bank and account together or neither; a deadline only with a creditor, after createdAt;
 * texts that fit their columns; a refund (a `D` id) and only a refund names its original, and no key.
 */
export function assertTransferFields(t: Readonly<TransferProps>): void {
  assert(t.amount.cents > 0n, `transfer ${t.id} of no amount`);
  assert(t.id.debtorIspb.equals(t.debtorIspb), `transfer ${t.id} names debtor ${t.debtorIspb}`);
  assert(
    (t.creditorIspb === undefined) === (t.creditorAccount === undefined) &&
      (t.deadline === undefined || t.creditorIspb !== undefined),
    `transfer ${t.id} has a creditor bank without an account, or a deadline without a creditor`,
  );
  assert(
    t.deadline === undefined || t.deadline.getTime() > t.createdAt.getTime(),
    `transfer ${t.id} is due before it was created`,
  );
  assert(
    (t.id.kind === 'refund') === (t.refundOf !== undefined) &&
      (t.refundOf === undefined || (t.creditorKey === '' && t.refundOf.originalId.kind === 'transfer')),
    `transfer ${t.id} is a refund without its original, or names a key or another refund`,
  );
  assert(
    charCount(t.description) <= DESCRIPTION_CHARS_MAX &&
      charCount(t.creditorKey) <= CREDITOR_KEY_CHARS_MAX &&
      (t.rejectionDetail === undefined || charCount(t.rejectionDetail) <= REJECTION_DETAIL_CHARS_MAX) &&
      (t.txid === undefined || charCount(t.txid) <= TXID_CHARS_MAX),
    `transfer ${t.id} has a text longer than its column`,
  );
}
