import type { BankStore } from '../application/ports';
import type { BankClaim, BankTransfer } from '../domain';

/** A record the bank wrote in a unit of work: a transfer's new state, or a claim's. */
export type BankChange = { kind: 'transfer'; transfer: BankTransfer } | { kind: 'claim'; claim: BankClaim };

type Listener = (changes: readonly BankChange[]) => void;

/**
 * The bank's changes as it commits them, for whoever watches in this process (the web app's live
 * stream). In-process rather than Postgres LISTEN/NOTIFY: every write of a bank goes through its one
 * process's transaction runner, so the process already knows what it committed, without a listening
 * connection or NOTIFY's 8000-byte payload limit. A bank run as several processes on one database
 * would need NOTIFY instead.
 */
export class ChangeFeed {
  private readonly listeners = new Set<Listener>();

  /** Told after the commit: nothing is told of work that rolled back. */
  publish(changes: readonly BankChange[]): void {
    if (changes.length === 0) return;
    for (const listener of this.listeners) listener(changes);
  }

  /** Returns how to stop listening. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}

/**
 * `store` with its transfer and claim writes noted in `changes`, as the unit of work makes them: a
 * held and recorded send, incoming transfers inserted, states saved, claims saved.
 */
export function noteChanges(store: BankStore, changes: BankChange[]): BankStore {
  const { transfers, claims } = store;
  const noteTransfers = (list: readonly BankTransfer[]) => {
    for (const transfer of list) changes.push({ kind: 'transfer', transfer });
  };
  return {
    ...store,
    transfers: {
      ...transfers,
      holdAndRecord: async (transfer) => {
        const held = await transfers.holdAndRecord(transfer);
        if (held) noteTransfers([transfer]);
        return held;
      },
      insertIncoming: async (list) => {
        await transfers.insertIncoming(list);
        noteTransfers(list);
      },
      saveStatus: async (list) => {
        await transfers.saveStatus(list);
        noteTransfers(list);
      },
    },
    claims: {
      ...claims,
      save: async (list) => {
        await claims.save(list);
        for (const claim of list) changes.push({ kind: 'claim', claim });
      },
    },
  };
}
