import type { LedgerSummary, PixKeyInfo } from '../../application/ports';
import type { BankTransfer, BrCode, Charge, CustomerAccount, StatementEntry } from '../../domain';

/* The JSON shapes of the HTTP API (docs/bank-api.md). Amounts are strings of cents. */

export const accountView = (account: CustomerAccount) => {
  const a = account.props;
  return {
    branch: a.branch,
    number: a.number,
    type: a.type,
    ownerName: a.ownerName,
    ownerTaxId: a.ownerTaxId.value,
    status: a.status,
    balance: a.balance.cents.toString(),
    held: a.held.cents.toString(),
    available: account.available.cents.toString(),
  };
};

export const entryView = (e: StatementEntry) => ({
  kind: e.kind,
  amount: e.amount.cents.toString(),
  ...(e.endToEndId ? { endToEndId: e.endToEndId } : {}),
  balanceAfter: e.balanceAfter.cents.toString(),
  at: e.at.toISOString(),
});

export const transferView = (transfer: BankTransfer) => {
  const t = transfer.props;
  return {
    endToEndId: t.endToEndId,
    direction: t.direction,
    account: t.account,
    ...(t.counterpartyKey ? { counterpartyKey: t.counterpartyKey } : {}),
    ...(t.refundOf ? { refundOf: t.refundOf.originalEndToEndId, refundReason: t.refundOf.reason } : {}),
    amount: t.amount.cents.toString(),
    description: t.description,
    status: t.status,
    ...(t.reason ? { reason: t.reason } : {}),
    ...(t.txid ? { txid: t.txid } : {}),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
};

export const keyView = (k: PixKeyInfo) => ({
  key: k.key,
  kind: k.kind,
  branch: k.branch,
  accountNumber: k.accountNumber,
  accountType: k.accountType,
  ownerName: k.ownerName,
  ...(k.createdAt ? { createdAt: k.createdAt.toISOString() } : {}),
});

export const summaryView = (s: LedgerSummary) => ({
  totalBalance: s.totalBalance.cents.toString(),
  totalHeld: s.totalHeld.cents.toString(),
  totalDeposits: s.totalDeposits.cents.toString(),
  openOutgoing: s.openOutgoing.cents.toString(),
  openIncoming: s.openIncoming.cents.toString(),
});

export const brCodeView = (code: BrCode) => {
  const { amount, ...fields } = code;
  return { ...fields, ...(amount ? { amount: amount.cents.toString() } : {}) };
};

export const chargeView = (charge: Charge) => {
  const c = charge.props;
  return {
    txid: c.txid,
    account: c.account,
    key: c.key,
    amount: c.amount.cents.toString(),
    status: c.status,
    ...(c.endToEndId ? { endToEndId: c.endToEndId } : {}),
    payload: c.payload,
    createdAt: c.createdAt.toISOString(),
    ...(c.paidAt ? { paidAt: c.paidAt.toISOString() } : {}),
  };
};
