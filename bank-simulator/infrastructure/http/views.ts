import type { HubClaim, HubClaimChange } from '../../application/messages';
import type { LedgerSummary, PixKeyInfo } from '../../application/ports';
import type { BankClaim, BankTransfer, BrCode, Charge, CustomerAccount, StatementEntry } from '../../domain';

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

const changeView = (c: HubClaimChange) => ({
  ...(c.from ? { from: c.from } : {}),
  to: c.to,
  ...(c.reason ? { reason: c.reason } : {}),
  by: c.by,
  at: c.at.toISOString(),
});

/** A claim as the hub answered it; its history when the hub gave one (GET /claims/:id). */
export const claimView = (c: HubClaim, withHistory = false) => ({
  id: c.id,
  kind: c.kind,
  keyKind: c.keyKind,
  key: c.key,
  status: c.status,
  ...(c.reason ? { reason: c.reason } : {}),
  claimer: c.claimer,
  donor: c.donor,
  ...(c.resolutionEndsAt ? { resolutionEndsAt: c.resolutionEndsAt.toISOString() } : {}),
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
  ...(withHistory ? { history: c.history.map(changeView) } : {}),
});

/** A claim as `account`, party to it, sees it in this bank's records. */
export const accountClaimView = (claim: BankClaim, account: string) => {
  const c = claim.props;
  return {
    id: c.id,
    kind: c.kind,
    keyKind: c.keyKind,
    key: c.key,
    status: c.status,
    ...(c.reason ? { reason: c.reason } : {}),
    role: claim.roleOf(account),
    account,
    counterpartyIspb: c.counterpartyIspb,
    ...(c.resolutionEndsAt ? { resolutionEndsAt: c.resolutionEndsAt.toISOString() } : {}),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
};
