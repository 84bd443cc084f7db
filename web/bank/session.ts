import { ApiError, call } from '../shared/api.js';

/** The customer logged in and their accounts, as GET /me answers. */
export interface Account {
  branch: string;
  number: string;
  ownerName: string;
  ownerTaxId: string;
  status: string;
  balance: string;
  held: string;
  available: string;
}
export interface Me {
  customer: { taxId: string; name: string };
  accounts: Account[];
}

/** Where the expiry of the session is kept across reloads of the tab (the token is an HttpOnly cookie). */
const EXPIRES_AT = 'codepix.sessionExpiresAt';
let expiryTimer: number | undefined;
let ended: (expired: boolean) => void = () => {};

/** Who to tell when the session ends: the app goes back to the login page. */
export function onSessionEnded(listener: (expired: boolean) => void): void {
  ended = listener;
}

/** Ends the session at its expiry even if the page makes no call (a customer reading their statement). */
function watchExpiry(): void {
  window.clearTimeout(expiryTimer);
  const at = Number(sessionStorage.getItem(EXPIRES_AT));
  if (!at) return;
  expiryTimer = window.setTimeout(() => ended(true), Math.max(0, at - Date.now()));
}

export async function logIn(taxId: string, password: string): Promise<Me> {
  const { expiresAt } = await call<{ expiresAt: string }>('POST', '/session', { taxId, password });
  sessionStorage.setItem(EXPIRES_AT, String(Date.parse(expiresAt)));
  watchExpiry();
  return whoAmI();
}

export async function logOut(): Promise<void> {
  sessionStorage.removeItem(EXPIRES_AT);
  window.clearTimeout(expiryTimer);
  await call('DELETE', '/session').catch(() => undefined); // gone already: nothing to end
}

/** The customer of the session, or undefined when there is none (or it expired). */
export async function currentCustomer(): Promise<Me | undefined> {
  try {
    const me = await whoAmI();
    watchExpiry();
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

const whoAmI = () => call<Me>('GET', '/me');

/** A call made in the session: a 401 means it ended, and the customer is sent back to log in. */
export async function api<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  try {
    return await call<T>(method, path, body, headers);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      sessionStorage.removeItem(EXPIRES_AT);
      ended(true);
    }
    throw error;
  }
}
