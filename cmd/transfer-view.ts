import {
  type AccountRef,
  ReconciliationReason,
  RefundReason,
  RejectionReason,
  type SettlementAccount,
  type Transfer,
  TransferStatus,
} from '../src/gen/codepix/v1/transfer';
import { formatReais } from './amount';
import type { BankTransfer } from './bank-types';
import { keyValues, shortTime } from './output';
import { type Screen, table } from './table';
import type { Snapshot } from './watch';

/** CLI spellings of the hub's transfer states: the same lower-case words the banks use. */
export const TRANSFER_STATUSES = {
  pending: TransferStatus.TRANSFER_STATUS_PENDING,
  confirmed: TransferStatus.TRANSFER_STATUS_CONFIRMED,
  completed: TransferStatus.TRANSFER_STATUS_COMPLETED,
  rejected: TransferStatus.TRANSFER_STATUS_REJECTED,
} as const;
export type TransferStatusName = keyof typeof TRANSFER_STATUSES;

/** A transfer is final once it reaches one of these, at the hub and at either bank. */
export const isFinal = (status: string) => status === 'completed' || status === 'rejected';

/** What `--json` prints for an account as the hub names it. */
export interface AccountRefView {
  branch: string;
  number: string;
  ownerName: string;
}

/** What `--json` prints for a transfer read from the hub. Amounts are strings of cents. */
export interface TransferView {
  endToEndId: string;
  status: string;
  debtorIspb: string;
  debtorAccount: AccountRefView | null;
  creditorIspb: string;
  creditorAccount: AccountRefView | null;
  creditorKey: string;
  amount: string;
  description: string;
  /** The proto name without its prefix, e.g. `KEY_NOT_FOUND`; null unless rejected. */
  rejectionReason: string | null;
  rejectionDetail: string;
  createdAt: string | null;
  updatedAt: string | null;
  deadline: string | null;
  /** Set when the hub raised the transfer for a person to put right, e.g. `ACK_OVERDUE`. */
  reconciliation: { reason: string; raisedAt: string | null } | null;
  /** A refund: the transfer it returns and why, e.g. `MD06`. */
  refundOf: { endToEndId: string; reason: string } | null;
  /** What refunds settled so far have returned of it, in cents. */
  refunded: string;
  settledAt: string | null;
}

/** What `--json` prints for a settlement account. */
export interface SettlementAccountView {
  ispb: string;
  balance: string;
  reserved: string;
  netDebitCap: string;
  available: string;
}

const statusName = (status: TransferStatus): string =>
  Object.keys(TRANSFER_STATUSES).find((name) => TRANSFER_STATUSES[name as TransferStatusName] === status) ??
  'unspecified';

const accountRefView = (ref: AccountRef | undefined): AccountRefView | null =>
  ref ? { branch: ref.branch, number: ref.number, ownerName: ref.ownerName } : null;

export const transferView = (t: Transfer): TransferView => ({
  endToEndId: t.endToEndId,
  status: statusName(t.status),
  debtorIspb: t.debtorIspb,
  debtorAccount: accountRefView(t.debtorAccount),
  creditorIspb: t.creditorIspb,
  creditorAccount: accountRefView(t.creditorAccount),
  creditorKey: t.creditorKey,
  amount: t.amount.toString(),
  description: t.description,
  rejectionReason:
    t.rejectionReason === RejectionReason.REJECTION_REASON_UNSPECIFIED
      ? null
      : (RejectionReason[t.rejectionReason] ?? String(t.rejectionReason)).replace(/^REJECTION_REASON_/, ''),
  rejectionDetail: t.rejectionDetail,
  createdAt: t.createdAt?.toISOString() ?? null,
  updatedAt: t.updatedAt?.toISOString() ?? null,
  deadline: t.deadline?.toISOString() ?? null,
  reconciliation:
    t.reconciliationReason === ReconciliationReason.RECONCILIATION_REASON_UNSPECIFIED
      ? null
      : {
          reason: (ReconciliationReason[t.reconciliationReason] ?? String(t.reconciliationReason)).replace(
            /^RECONCILIATION_REASON_/,
            '',
          ),
          raisedAt: t.reconciliationRaisedAt?.toISOString() ?? null,
        },
  refundOf: t.refundOf
    ? {
        endToEndId: t.refundOf.originalEndToEndId,
        reason: (RefundReason[t.refundOf.reason] ?? String(t.refundOf.reason)).replace(/^REFUND_REASON_/, ''),
      }
    : null,
  refunded: t.refundedAmount.toString(),
  settledAt: t.settledAt?.toISOString() ?? null,
});

export const settlementAccountView = (a: SettlementAccount): SettlementAccountView => ({
  ispb: a.ispb,
  balance: a.balance.toString(),
  reserved: a.reserved.toString(),
  netDebitCap: a.netDebitCap.toString(),
  available: a.available.toString(),
});

const withReason = (status: string, reason?: string | null, detail?: string) =>
  reason ? `${status} (${reason}${detail ? `: ${detail}` : ''})` : status;

const accountText = (ispb: string, account: AccountRefView | null) =>
  [ispb || '-', account ? `${account.branch}/${account.number} ${account.ownerName}` : ''].join(' ').trim();

/** A hub transfer for people. */
export function describeTransfer(t: TransferView): string {
  return keyValues([
    ['End-to-end id', t.endToEndId],
    ['Status', withReason(t.status, t.rejectionReason, t.rejectionDetail)],
    ['Amount', formatReais(t.amount)],
    ['From', accountText(t.debtorIspb, t.debtorAccount)],
    ['To', `${t.creditorKey || 'refund'} → ${accountText(t.creditorIspb, t.creditorAccount)}`],
    ...(t.refundOf
      ? [['Refund of', `${t.refundOf.endToEndId} (${t.refundOf.reason})`] as [string, string]]
      : []),
    ...(t.refunded !== '0' ? [['Refunded', formatReais(BigInt(t.refunded))] as [string, string]] : []),
    ['Description', t.description || '-'],
    ['Created', shortTime(t.createdAt)],
    ['Updated', shortTime(t.updatedAt)],
    ...(t.status === 'pending' ? [['Deadline', shortTime(t.deadline)] as [string, string]] : []),
    ...(t.reconciliation
      ? [
          [
            'Reconciliation',
            `${t.reconciliation.reason}, raised ${shortTime(t.reconciliation.raisedAt)}`,
          ] as [string, string],
        ]
      : []),
  ]);
}

/** A bank's record of a transfer for people, with `extra` lines aligned to it. */
export function describeBankTransfer(t: BankTransfer, extra: Array<[string, string]> = []): string {
  return keyValues([
    ['End-to-end id', t.endToEndId],
    ['Status', withReason(t.status, t.reason)],
    ['Direction', t.direction],
    ['Account', t.account],
    ['Key', t.counterpartyKey ?? '-'],
    ...(t.refundOf ? [['Refund of', `${t.refundOf} (${t.refundReason})`] as [string, string]] : []),
    ['Amount', formatReais(t.amount)],
    ['Description', t.description || '-'],
    ...(t.txid ? ([['Txid', t.txid]] as Array<[string, string]>) : []),
    ['Created', shortTime(t.createdAt)],
    ['Updated', shortTime(t.updatedAt)],
    ...extra,
  ]);
}

/** Hub transfers as a table, newest first as the hub lists them. */
export function transfersTable(transfers: TransferView[], screen?: Screen): string {
  return table(
    {
      endToEndId: 'END-TO-END ID',
      status: 'STATUS',
      amount: { head: 'AMOUNT', align: 'right' },
      from: 'FROM',
      to: 'TO',
      createdAt: 'CREATED',
      updatedAt: 'UPDATED',
    },
    transfers.map((t) => ({
      endToEndId: t.endToEndId,
      status:
        withReason(t.status, t.rejectionReason) +
        (t.reconciliation ? `, reconcile: ${t.reconciliation.reason}` : ''),
      amount: formatReais(t.amount),
      from: `${t.debtorIspb} ${t.debtorAccount?.number ?? ''}`.trim(),
      to: `${t.creditorKey}${t.creditorIspb ? ` @ ${t.creditorIspb}` : ''}`,
      createdAt: shortTime(t.createdAt),
      updatedAt: shortTime(t.updatedAt),
    })),
    screen,
  );
}

/** A bank's record as one step of `watch`, stamped with the bank's own time of change. */
export const bankSnapshot = (t: BankTransfer): Snapshot => ({
  status: t.status,
  at: t.updatedAt,
  ...(t.reason ? { reason: t.reason } : {}),
});

/** The hub's record as one step of `watch`. */
export const hubSnapshot = (t: TransferView): Snapshot => ({
  status: t.status,
  ...(t.updatedAt ? { at: t.updatedAt } : {}),
  ...(t.rejectionReason ? { reason: t.rejectionReason } : {}),
});
