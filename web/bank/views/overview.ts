import { formatReais } from '../../shared/api.js';
import type { View } from '../context.js';
import { errorBox, h, showError } from '../dom.js';
import { listen } from '../live.js';
import type { Account } from '../session.js';
import { liveTransfers } from '../transfers.js';
import { sayError } from '../words.js';

const money = (label: string, cents: string, hint?: string) =>
  h(
    'div',
    { class: 'money' },
    h('dt', {}, label),
    h('dd', {}, formatReais(cents)),
    hint && h('dd', { class: 'hint' }, hint),
  );

function accountCard(account: Account): HTMLElement {
  return h(
    'section',
    { class: 'card account', 'aria-labelledby': 'account-title' },
    h('h2', { id: 'account-title' }, `Account ${account.branch} / ${account.number}`),
    h(
      'dl',
      {},
      money('Available', account.available),
      money('Balance', account.balance),
      money('On hold', account.held, 'For Pix you sent that are still on their way.'),
    ),
  );
}

/** The account's money (balance, on hold, available) and its latest Pix, both kept current. */
export const overviewView: View = (root, ctx) => {
  let card = accountCard(ctx.account);
  const error = errorBox();
  const recent = liveTransfers(ctx, 5);
  root.append(
    card,
    error,
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button', href: '#/send' }, 'Send a Pix'),
      h('a', { class: 'button secondary', href: '#/receive' }, 'Receive'),
    ),
    h('h2', {}, 'Latest Pix'),
    recent.element,
    h('p', {}, h('a', { href: '#/activity' }, 'See all your Pix')),
  );
  // Money moves as transfers do: each change of one is a reason to read the balance again.
  const reread = async () => {
    try {
      const fresh = accountCard(await ctx.refresh());
      card.replaceWith(fresh);
      card = fresh;
      showError(error, undefined);
    } catch (failure) {
      showError(error, sayError(failure));
    }
  };
  const stop = listen({ transfer: () => void reread(), reconnected: () => void reread() });
  return () => {
    stop();
    recent.stop();
  };
};
