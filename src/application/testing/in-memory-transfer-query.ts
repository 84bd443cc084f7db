import { Money, type Transfer, ValidationError } from '../../domain';
import type { TransferFilter, TransferPage, TransferQuery, TransferRead } from '../ports/transfer-query';
import type { InMemoryTransferStore } from './in-memory-transfer-store';

/** Newest first (created time, then id), as the proto promises; the cursor names the last row served. */
export class InMemoryTransferQuery implements TransferQuery {
  constructor(private readonly store: InMemoryTransferStore) {}

  async get(endToEndId: string): Promise<TransferRead | undefined> {
    const transfer = this.store.transfer(endToEndId);
    return transfer && this.read(transfer);
  }

  async list(filter: TransferFilter, limit: number, cursor?: string): Promise<TransferPage> {
    const after = cursor === undefined ? undefined : parseCursor(cursor);
    const rows = this.store
      .all()
      .filter((t) => matches(t, filter))
      .map((t) => ({ t, key: sortKey(t) }))
      .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
      .filter((row) => after === undefined || row.key < after);
    const page = rows.slice(0, limit);
    const more = rows.length > limit;
    return {
      transfers: page.map((r) => this.read(r.t)),
      nextCursor: more ? page[page.length - 1].key : undefined,
    };
  }

  /** What its settled refunds (confirmed or completed) returned. */
  private read(transfer: Transfer): TransferRead {
    const refunded = this.store
      .all()
      .filter((t) => t.snapshot.refundOf?.originalId.value === transfer.id.value && t.snapshot.settledAt)
      .reduce((sum, t) => sum.add(t.snapshot.amount), Money.ZERO);
    return { transfer, refunded };
  }
}

function matches(t: Transfer, filter: TransferFilter): boolean {
  const { debtorIspb, creditorIspb, createdAt } = t.snapshot;
  if (filter.ispb && debtorIspb.value !== filter.ispb && creditorIspb?.value !== filter.ispb) return false;
  if (filter.status && t.status !== filter.status) return false;
  if (filter.createdFrom && createdAt < filter.createdFrom) return false;
  if (filter.updatedBefore && t.snapshot.updatedAt >= filter.updatedBefore) return false;
  if (filter.reconciliationOnly && !t.snapshot.reconciliation) return false;
  return !(filter.createdTo && createdAt >= filter.createdTo);
}

function sortKey(t: Transfer): string {
  return `${t.snapshot.createdAt.toISOString()}|${t.id.value}`;
}

/** A token the hub did not hand out is the caller's mistake, as in the adapter. */
function parseCursor(cursor: string): string {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\|[ED]\w{31}$/.test(cursor)) {
    throw new ValidationError('page_token', 'is not a token this hub handed out');
  }
  return cursor;
}
