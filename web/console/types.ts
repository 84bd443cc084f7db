/** The shapes of the console's answers, as src/infrastructure/console sends them. */

export interface TransferSummary {
  endToEndId: string;
  status: string;
  amount: string;
  debtor: { ispb: string; name: string };
  creditor: { ispb: string | null; name: string | null; key: string };
  rejectionReason: string | null;
  refundOf: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TransferChange {
  seq: number;
  from: string | null;
  to: string;
  reason: string | null;
  actor: string;
  at: string;
  transfer: TransferSummary;
}

export interface Summary {
  at: string;
  completedPerSecond: number;
  rejectedPerSecond: number;
  latencyMs: { p50: number | null; p99: number | null };
  lastMinute: { completed: number; rejected: number };
}
