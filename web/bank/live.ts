import { api } from './session.js';

/** A transfer as the API shows it (GET /transfers, the `transfer` events). */
export interface Transfer {
  endToEndId: string;
  direction: 'outgoing' | 'incoming';
  account: string;
  counterpartyKey?: string;
  refundOf?: string;
  refundReason?: string;
  amount: string;
  description: string;
  status: 'pending' | 'confirmed' | 'completed' | 'rejected';
  reason?: string;
  txid?: string;
  createdAt: string;
  updatedAt: string;
}
/** A claim as an account sees it (GET /accounts/:n/claims, the `claim` events). */
export interface Claim {
  id: string;
  kind: 'portability' | 'ownership';
  keyKind: string;
  key: string;
  status: string;
  role: 'claimer' | 'donor';
  account: string;
  resolutionEndsAt?: string;
  createdAt: string;
  updatedAt: string;
}

export interface LiveListener {
  transfer?(transfer: Transfer): void;
  claim?(claim: Claim): void;
  /** The stream (re)opened: what happened while it was down was not heard, so read the lists again. */
  reconnected?(): void;
}

const listeners = new Set<LiveListener>();
let source: EventSource | undefined;
let indicator: HTMLElement | undefined;

const say = (text: string) => {
  if (indicator) indicator.textContent = text;
};

/**
 * The customer's one stream of changes (GET /events). EventSource reconnects by itself after a drop;
 * a stream the server refused (a 401 once the session ended) stays closed, so the page asks whether
 * the session is still there (which sends the customer to log in if not) and tries again.
 */
export function startLive(status: HTMLElement): void {
  indicator = status;
  stopLive();
  const events = new EventSource('/events');
  source = events;
  events.onopen = () => {
    say('Live updates on');
    for (const listener of listeners) listener.reconnected?.();
  };
  events.onerror = () => {
    say('Reconnecting…');
    if (events.readyState !== EventSource.CLOSED) return;
    window.setTimeout(async () => {
      if (source !== events) return;
      await api('GET', '/me').catch(() => undefined);
      if (source === events) startLive(status);
    }, 3_000);
  };
  events.addEventListener('transfer', (event) => {
    const transfer = JSON.parse((event as MessageEvent<string>).data) as Transfer;
    for (const listener of listeners) listener.transfer?.(transfer);
  });
  events.addEventListener('claim', (event) => {
    const claim = JSON.parse((event as MessageEvent<string>).data) as Claim;
    for (const listener of listeners) listener.claim?.(claim);
  });
}

export function stopLive(): void {
  source?.close();
  source = undefined;
}

/** Returns how to stop listening (a page does when it is left). */
export function listen(listener: LiveListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
