import type { AccountRef } from './account-ref';
import { InvariantViolation } from './assert';
import { EndToEndId } from './end-to-end-id';
import { DomainError } from './errors';
import { Ispb } from './ispb';
import { DESCRIPTION_CHARS_MAX, REJECTION_DETAIL_CHARS_MAX } from './limits';
import { Money } from './money';
import { thrown } from './testing/refusal';
import { Transfer, type TransferProps } from './transfer';

const createdAt = new Date('2026-11-21T14:30:00Z');
const later = new Date('2026-11-21T14:30:02Z');
const deadline = new Date('2026-11-21T14:30:10Z');
const debtorAccount: AccountRef = { branch: '0001', number: '99999', ownerName: 'Joao Lima' };
const creditorAccount: AccountRef = { branch: '0001', number: '12345', ownerName: 'Maria Souza' };

/** A pending transfer as the hub stores one: every field an accepted request gets. */
const PENDING: TransferProps = {
  id: EndToEndId.create('E1111111120261121143012345abcdeF'),
  debtorIspb: Ispb.create('11111111'),
  debtorAccount,
  creditorKey: 'maria@example.com',
  creditorIspb: Ispb.create('22222222'),
  creditorAccount,
  amount: Money.fromCents(1500n),
  description: 'lunch',
  status: 'pending',
  deadline,
  createdAt,
  updatedAt: createdAt,
};
/** Rejected at once: the key led nowhere, so no creditor and no deadline. */
const REFUSED: TransferProps = {
  ...PENDING,
  creditorIspb: undefined,
  creditorAccount: undefined,
  deadline: undefined,
  status: 'rejected',
  rejectionReason: 'KEY_NOT_FOUND',
  rejectionDetail: 'creditor_key: no active key maria@example.com',
};

function violation(fn: () => unknown): InvariantViolation {
  const error = thrown(fn);
  expect(error).toBeInstanceOf(InvariantViolation);
  expect(error).not.toBeInstanceOf(DomainError);
  return error as InvariantViolation;
}

describe('Transfer.restore takes every row the hub writes', () => {
  it.each([
    ['pending', PENDING],
    ['confirmed', { ...PENDING, status: 'confirmed', updatedAt: later, settledAt: later }],
    ['completed', { ...PENDING, status: 'completed', updatedAt: later, settledAt: later }],
    ['rejected by the creditor', { ...PENDING, status: 'rejected', rejectionReason: 'CREDITOR_REFUSED' }],
    ['rejected at once', REFUSED],
    [
      'rejected at once with a creditor (SAME_ACCOUNT)',
      {
        ...REFUSED,
        creditorIspb: PENDING.debtorIspb,
        creditorAccount: debtorAccount,
        rejectionReason: 'SAME_ACCOUNT',
      },
    ],
    [
      'raised, then rejected past its deadline',
      {
        ...PENDING,
        status: 'rejected',
        rejectionReason: 'DEADLINE_EXCEEDED',
        reconciliation: { reason: 'UNKNOWN_TRANSFER', raisedAt: later },
      },
    ],
    ['paying another account of the same bank', { ...PENDING, creditorIspb: PENDING.debtorIspb }],
  ] as [string, TransferProps][])('%s', (_, props) => {
    expect(Transfer.restore(props).status).toBe(props.status);
  });
});

describe('Transfer.restore refuses, as a bug, a row whose fields do not fit its status', () => {
  it.each([
    [
      'a pending transfer without a creditor',
      { ...PENDING, creditorIspb: undefined, creditorAccount: undefined, deadline: undefined },
    ],
    ['a pending transfer without a deadline', { ...PENDING, deadline: undefined }],
    [
      'a confirmed transfer without a creditor',
      {
        ...PENDING,
        status: 'confirmed',
        creditorIspb: undefined,
        creditorAccount: undefined,
        deadline: undefined,
      },
    ],
    ['a completed transfer without a deadline', { ...PENDING, status: 'completed', deadline: undefined }],
    ['a creditor bank without an account', { ...REFUSED, creditorIspb: PENDING.creditorIspb }],
    ['a creditor account without a bank', { ...REFUSED, creditorAccount }],
    ['a rejected transfer without a reason', { ...REFUSED, rejectionReason: undefined }],
    ['a pending transfer with a rejection reason', { ...PENDING, rejectionReason: 'CREDITOR_REFUSED' }],
    [
      'a completed transfer with a rejection detail',
      { ...PENDING, status: 'completed', rejectionDetail: 'no' },
    ],
    ['an amount of zero', { ...PENDING, amount: Money.ZERO }],
    ['a confirmed transfer never settled', { ...PENDING, status: 'confirmed', updatedAt: later }],
    ['a pending transfer already settled', { ...PENDING, settledAt: later }],
    [
      'a transfer naming an original, as only a refund does',
      { ...PENDING, refundOf: { originalId: PENDING.id, reason: 'MD06' } },
    ],
    ['an id of another debtor bank', { ...PENDING, debtorIspb: Ispb.create('33333333') }],
    [
      'a transfer accepted to the debtor account itself',
      { ...PENDING, creditorIspb: PENDING.debtorIspb, creditorAccount: debtorAccount },
    ],
    ['an update before the creation', { ...PENDING, updatedAt: new Date(createdAt.getTime() - 1) }],
    ['a deadline at the creation', { ...PENDING, deadline: createdAt }],
    ['a deadline without a creditor', { ...REFUSED, deadline }],
    [
      'a reconciliation raised before the creation',
      { ...PENDING, reconciliation: { reason: 'ACK_OVERDUE', raisedAt: new Date(0) } },
    ],
    [
      'a transfer rejected at once, raised',
      { ...REFUSED, reconciliation: { reason: 'UNKNOWN_TRANSFER', raisedAt: later } },
    ],
    ['a description past its column', { ...PENDING, description: 'd'.repeat(DESCRIPTION_CHARS_MAX + 1) }],
    [
      'a rejection detail past its column',
      { ...REFUSED, rejectionDetail: 'r'.repeat(REJECTION_DETAIL_CHARS_MAX + 1) },
    ],
  ] as [string, TransferProps][])('%s', (_, props) => {
    violation(() => Transfer.restore(props));
  });
});

describe('changes keep the invariants', () => {
  it('open asserts what holds from the start: no deadline without a creditor', () => {
    const { status, rejectionReason, rejectionDetail, updatedAt, ...input } = { ...REFUSED, deadline };
    violation(() => Transfer.open(input, 'bank:11111111'));
  });

  it('confirming a transfer opened without a creditor (a use case that forgot to reject it) throws', () => {
    const { status, rejectionReason, rejectionDetail, updatedAt, ...input } = REFUSED;
    const opened = Transfer.open(input, 'bank:11111111');
    expect(violation(() => opened.confirm(later, 'bank:22222222')).message).toMatch(/without a creditor/);
  });

  it('a creditor is there for every accepted transfer, and asking one rejected at once is a bug', () => {
    expect(Transfer.restore(PENDING).creditor).toEqual({
      ispb: PENDING.creditorIspb,
      account: creditorAccount,
    });
    violation(() => Transfer.restore(REFUSED).creditor);
  });

  it('cuts a long rejection detail to its column, counting characters, not UTF-16 units', () => {
    const transfer = Transfer.restore(PENDING);
    transfer.reject('CREDITOR_REFUSED', later, 'bank:22222222', '😀'.repeat(REJECTION_DETAIL_CHARS_MAX + 5));
    expect([...(transfer.snapshot.rejectionDetail ?? '')]).toHaveLength(REJECTION_DETAIL_CHARS_MAX);
  });

  it('dates no transition, and no reconciliation, before the transfer was made (another clock behind)', () => {
    const transfer = Transfer.restore({
      ...PENDING,
      status: 'confirmed',
      updatedAt: later,
      settledAt: later,
    });
    const behind = new Date(later.getTime() - 500);
    expect(transfer.complete(behind, 'bank:11111111').at).toBe(later);
    expect(transfer.snapshot.updatedAt).toBe(later);
    const raised = Transfer.restore(PENDING).raiseForReconciliation(
      'UNKNOWN_TRANSFER',
      new Date(0),
      'hub',
      'behind',
    );
    expect(raised?.raisedAt).toBe(createdAt);
  });
});
