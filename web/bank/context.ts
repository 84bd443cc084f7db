import { parseReais } from '../shared/api.js';
import type { Account, Me } from './session.js';

/** What every page of a logged-in customer is given. */
export interface Ctx {
  me: Me;
  /** The account the pages act on: the customer's first, or the one they picked. */
  account: Account;
  /** Reads the customer's accounts again (balances move), keeping the one picked. */
  refresh(): Promise<Account>;
}

/** A page: draws itself into `root`; returns what to undo when it is left (listeners, timers, camera). */
export type View = (root: HTMLElement, ctx: Ctx) => (() => void) | undefined;

/** A random Idempotency-Key: one per order a customer confirms, so retrying it never pays twice. */
export const idempotencyKey = () => crypto.randomUUID();

/** An amount as a Brazilian types it ("1.234,56", "12,50") or with a decimal point ("12.50"), in cents. */
export const readAmount = (text: string) => parseReais(text.includes(',') ? text.replace(/\./g, '') : text);
