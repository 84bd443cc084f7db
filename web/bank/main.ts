import { byId, call } from '../shared/api.js';
import type { Ctx, View } from './context.js';
import { h } from './dom.js';
import { startLive, stopLive } from './live.js';
import { currentCustomer, logOut, type Me, onSessionEnded } from './session.js';
import { activityView } from './views/activity.js';
import { keysView } from './views/keys.js';
import { loginView } from './views/login.js';
import { overviewView } from './views/overview.js';
import { receiveView } from './views/receive.js';
import { sendView } from './views/send.js';
import { statementView } from './views/statement.js';

/** The pages of a logged-in customer, by the hash that names them, with the title each one gives. */
const PAGES: Record<string, [string, View]> = {
  '#/home': ['Overview', overviewView],
  '#/activity': ['Pix activity', activityView],
  '#/send': ['Send a Pix', sendView],
  '#/receive': ['Receive a Pix', receiveView],
  '#/keys': ['Pix keys', keysView],
  '#/statement': ['Statement', statementView],
};

let bankName = 'Bank';
let ctx: Ctx | undefined;
let leave: (() => void) | undefined;

/** The bank's name and colour on every page, the login page included. */
async function wearBrand(): Promise<void> {
  try {
    const brand = await call<{ name: string; color: string }>('GET', '/brand');
    bankName = brand.name;
    byId('bank-name').textContent = brand.name;
    // A CSS property set from script: the page's policy allows no inline styles.
    document.documentElement.style.setProperty('--brand', brand.color);
  } catch {
    // The default colours serve; the page still works.
  }
}

function contextFor(me: Me): Ctx {
  const context: Ctx = {
    me,
    account: me.accounts[0] as Me['accounts'][number],
    refresh: async () => {
      const fresh = await call<Me>('GET', '/me');
      context.me = fresh;
      context.account = fresh.accounts.find((a) => a.number === context.account.number) ?? context.account;
      return context.account;
    },
  };
  return context;
}

function showNav(me: Me | undefined): void {
  byId('nav').hidden = !me;
  byId('who').textContent = me ? me.customer.name : '';
  for (const link of document.querySelectorAll<HTMLAnchorElement>('#nav a')) {
    if (link.hash === location.hash) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** Draws the page the hash names; a customer not logged in gets the login page. */
async function route(): Promise<void> {
  leave?.();
  leave = undefined;
  const root = byId('view');
  const main = byId('main');
  if (!ctx) {
    const me = await currentCustomer().catch(() => undefined);
    if (me && me.accounts.length > 0) ctx = contextFor(me);
  }
  const page = PAGES[location.hash];
  if (!ctx || !page) {
    if (ctx) {
      location.replace('#/home');
      return;
    }
    showNav(undefined);
    document.title = `Log in · ${bankName}`;
    root.replaceChildren();
    loginView(root, new URLSearchParams(location.hash.split('?')[1]).has('expired'), async (me) => {
      ctx = contextFor(me);
      startLive(byId('live'));
      location.hash = '#/home';
    });
    return;
  }
  showNav(ctx.me);
  const [title, view] = page;
  document.title = `${title} · ${bankName}`;
  root.replaceChildren(h('h1', {}, title));
  leave = view(root, ctx);
  // Focus moves to the new page, so a keyboard or screen reader user starts at its top.
  main.focus();
}

onSessionEnded((expired) => {
  ctx = undefined;
  stopLive();
  if (!location.hash.startsWith('#/login')) location.hash = expired ? '#/login?expired' : '#/login';
});

byId('logout').addEventListener('click', async () => {
  await logOut();
  ctx = undefined;
  stopLive();
  location.hash = '#/login';
});

// The skip link moves focus without touching the hash, which names the page.
document.querySelector('.skip')?.addEventListener('click', (event) => {
  event.preventDefault();
  byId('main').focus();
});
window.addEventListener('hashchange', () => void route());
await wearBrand();
await route();
if (ctx) startLive(byId('live'));
