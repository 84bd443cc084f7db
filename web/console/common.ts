import { ApiError, byId, call } from '../shared/api.js';
import { renderHeader } from './header.js';

/**
 * What every console page shares: the header (search by end-to-end id, log out, the current page
 * marked), the way to the login when the session ends, and how a part of a page loads: a loading
 * line while it waits, the error in words with a way to try again when it fails.
 */

/** E (a transfer) or D (a refund), then 31 letters and digits. */
const END_TO_END_ID = /^[ED][A-Za-z0-9]{31}$/;

/** Sends the browser to the login page, to come back here after. */
export function toLogin(): void {
  location.assign(`/login.html?next=${encodeURIComponent(location.pathname + location.search)}`);
}

type Child = Node | string | null | undefined;

/** An element with its text or children; attributes by name (class as `class`). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

export const transferHref = (endToEndId: string) => `/transfer.html?id=${encodeURIComponent(endToEndId)}`;

export const transferLink = (endToEndId: string) =>
  el('a', { href: transferHref(endToEndId), class: 'id' }, endToEndId);

export const statusBadge = (status: string) =>
  el('span', { class: `status status-${status}` }, status.replace('_', ' '));

/** A time as the reader's clock shows it; the date too when it is not today. */
export function when(iso: string | null): string {
  if (!iso) return '–';
  const date = new Date(iso);
  const today = date.toDateString() === new Date().toDateString();
  const time = date.toLocaleTimeString(undefined, { hour12: false });
  return today ? time : `${date.toLocaleDateString()} ${time}`;
}

export const timeCell = (iso: string | null) =>
  el('td', {}, iso ? el('time', { datetime: iso }, when(iso)) : '–');

/** A bank as `Name (ISPB)`, from the names the page knows. */
export const bankName = (ispb: string | null, names: ReadonlyMap<string, string>) =>
  ispb ? `${names.get(ispb) ?? 'Bank'} (${ispb})` : 'not found';

/**
 * Runs `task` for the part of the page shown in `state`: "Loading…" while it waits, and when it fails
 * the error in words and a button to try again. A refused session goes to the login.
 */
export async function load(state: HTMLElement, what: string, task: () => Promise<void>): Promise<boolean> {
  const slow = setTimeout(
    () => state.replaceChildren(el('p', { class: 'notice', role: 'status' }, `Loading ${what}…`)),
    200,
  );
  try {
    await task();
    state.replaceChildren();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      toLogin();
      return false;
    }
    const words = error instanceof Error ? error.message : 'Something went wrong. Please try again.';
    const retry = el('button', { type: 'button', class: 'quiet' }, 'Try again');
    retry.addEventListener('click', () => void load(state, what, task));
    state.replaceChildren(
      el('p', { class: 'notice error', role: 'alert' }, `${what} could not be loaded: ${words}`, retry),
    );
    return false;
  } finally {
    clearTimeout(slow);
  }
}

/** The bank names the hub knows, for tables that show ISPBs. */
export async function bankNames(): Promise<Map<string, string>> {
  const { banks } = await call<{ banks: { ispb: string; name: string }[] }>('GET', '/api/banks');
  return new Map(banks.map((b) => [b.ispb, b.name]));
}

/** Ends at the login when the session does (30 minutes from login), even on a page left open. */
async function watchSession(): Promise<void> {
  try {
    const { expiresAt } = await call<{ expiresAt: string | null }>('GET', '/api/session');
    if (expiresAt) setTimeout(toLogin, Math.max(0, Date.parse(expiresAt) - Date.now()) + 500);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) toLogin();
  }
}

/** The header's parts, wired; every page calls it first. */
export function startPage(): void {
  renderHeader();
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.top nav a')) {
    if (
      link.pathname === location.pathname ||
      (link.pathname === '/' && location.pathname === '/index.html')
    ) {
      link.setAttribute('aria-current', 'page');
    }
  }
  const search = byId<HTMLFormElement>('search');
  const input = byId<HTMLInputElement>('search-id');
  const problem = byId('search-error');
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = input.value.trim();
    if (!END_TO_END_ID.test(id)) {
      problem.textContent =
        'An end-to-end id has 32 letters and digits and starts with E (a transfer) or D (a refund).';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    location.assign(transferHref(id));
  });
  input.addEventListener('input', () => {
    problem.textContent = '';
    input.removeAttribute('aria-invalid');
  });
  // `/` jumps to the search, as on many sites, unless the reader is typing somewhere already.
  document.addEventListener('keydown', (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });
  byId('logout').addEventListener('click', async () => {
    await call('DELETE', '/session').catch(() => undefined);
    location.assign('/login.html');
  });
  void watchSession();
}
