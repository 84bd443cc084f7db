import { byId, formatReais } from '../shared/api.js';
import type { Ctx } from './context.js';
import { errorBox, h, loading, showError, when } from './dom.js';
import { listen, type Transfer } from './live.js';
import { refundForm } from './refund.js';
import { api } from './session.js';
import { rejectionWords, STEP_WORDS, sayError, TRANSFER_STEPS } from './words.js';

/** Says a change aloud to screen readers, once. */
export function announce(text: string): void {
  const region = byId('announce');
  region.textContent = '';
  // A fresh text node after a tick is read out even when the words repeat.
  window.setTimeout(() => {
    region.textContent = text;
  }, 50);
}

/**
 * A transfer's way pending → confirmed → completed, as steps. This bank applies the hub's confirmation
 * and completes in one step, so its records may go from pending straight to completed: a step is
 * marked done once the transfer has reached it or gone past it.
 */
export function tracker(t: Transfer): HTMLElement {
  if (t.status === 'rejected')
    return h(
      'p',
      { class: 'rejected', 'data-status': 'rejected' },
      `${STEP_WORDS.rejected}: ${rejectionWords(t.reason)}`,
    );
  const reached = TRANSFER_STEPS.indexOf(t.status);
  return h(
    'ol',
    { class: 'steps', 'data-status': t.status, 'aria-label': `Status: ${STEP_WORDS[t.status]}` },
    ...TRANSFER_STEPS.map((step, i) =>
      h(
        'li',
        { class: i <= reached ? 'done' : 'todo', 'aria-current': i === reached ? 'step' : undefined },
        STEP_WORDS[step],
      ),
    ),
  );
}

const headline = (t: Transfer) => {
  const amount = formatReais(t.amount);
  if (t.refundOf) return t.direction === 'outgoing' ? `Refund sent, ${amount}` : `Refund received, ${amount}`;
  if (t.direction === 'outgoing') return `${amount} to ${t.counterpartyKey ?? 'a Pix key'}`;
  return `${amount} received`;
};

/** One transfer: what, when, its steps; a Pix received and completed can be refunded from here. */
export function transferItem(t: Transfer): HTMLLIElement {
  const item = h(
    'li',
    { class: `transfer ${t.direction}`, 'data-id': t.endToEndId },
    h('p', { class: 'what' }, headline(t)),
    h('p', { class: 'meta' }, `${when(t.createdAt)}${t.description ? ` · “${t.description}”` : ''}`),
    tracker(t),
  );
  if (t.direction === 'incoming' && t.status === 'completed' && !t.refundOf) {
    const open = h('button', { type: 'button', class: 'secondary' }, 'Refund');
    open.addEventListener('click', () => {
      open.hidden = true;
      item.append(
        refundForm(t, () => {
          open.hidden = false;
        }),
      );
    });
    item.append(open);
  }
  return item;
}

/**
 * The account's latest transfers, kept up to date from the live stream: a new one appears at the top,
 * a known one changes in place and its new state is announced. On every (re)connection the list is
 * read again, so nothing that happened while the stream was down is missed.
 */
export function liveTransfers(ctx: Ctx, limit: number): { element: HTMLElement; stop: () => void } {
  const list = h('ul', { class: 'transfers', 'aria-label': 'Your Pix' });
  const error = errorBox();
  const empty = h('p', { class: 'empty', hidden: true }, 'No Pix yet.');
  const element = h('section', {}, error, empty, list);
  const known = new Map<string, Transfer>();
  const draw = () => {
    empty.hidden = known.size > 0;
  };
  const load = async () => {
    list.replaceChildren(loading('your Pix'));
    try {
      const query = `account=${ctx.account.number}&limit=${limit}`;
      const { transfers } = await api<{ transfers: Transfer[] }>('GET', `/transfers?${query}`);
      known.clear();
      for (const t of transfers) known.set(t.endToEndId, t);
      list.replaceChildren(...transfers.map(transferItem));
      showError(error, undefined);
    } catch (failure) {
      list.replaceChildren();
      showError(error, sayError(failure));
    }
    draw();
  };
  const stop = listen({
    reconnected: () => void load(),
    transfer: (t) => {
      if (t.account !== ctx.account.number) return;
      const before = known.get(t.endToEndId);
      // Events of one transfer come in order, but a list read may be newer than an event.
      if (before && Date.parse(before.updatedAt) > Date.parse(t.updatedAt)) return;
      known.set(t.endToEndId, t);
      const fresh = transferItem(t);
      const old = list.querySelector(`[data-id="${t.endToEndId}"]`);
      if (old) old.replaceWith(fresh);
      else list.prepend(fresh);
      if (before?.status !== t.status) announce(`${headline(t)}: ${STEP_WORDS[t.status]}`);
      draw();
    },
  });
  void load();
  return { element, stop };
}
