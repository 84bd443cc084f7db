import { formatReais } from '../shared/api.js';
import { h } from './dom.js';
import { listen, type Transfer } from './live.js';
import { api } from './session.js';
import { announce, tracker } from './transfers.js';
import { STEP_WORDS } from './words.js';

/**
 * A Pix just sent, followed live until it is completed or rejected: its steps change as the stream
 * says, and it is read again whenever the stream reconnects (a change may have come while it was down).
 */
export function followTransfer(sent: Transfer): { element: HTMLElement; stop: () => void } {
  let current = sent;
  let steps = tracker(sent);
  const element = h(
    'section',
    { class: 'card followed', 'aria-labelledby': 'followed-title', tabindex: -1 },
    h(
      'h2',
      { id: 'followed-title' },
      `${formatReais(sent.amount)} to ${sent.counterpartyKey ?? 'the payee'}`,
    ),
    steps,
    h('p', {}, h('a', { href: '#/activity' }, 'See all your Pix')),
  );
  const show = (t: Transfer) => {
    if (t.endToEndId !== sent.endToEndId || t.direction !== 'outgoing') return;
    if (Date.parse(t.updatedAt) < Date.parse(current.updatedAt)) return;
    const changed = t.status !== current.status;
    current = t;
    const fresh = tracker(t);
    steps.replaceWith(fresh);
    steps = fresh;
    if (changed) announce(`Your Pix of ${formatReais(t.amount)}: ${STEP_WORDS[t.status]}`);
  };
  const stop = listen({
    transfer: show,
    reconnected: () => void api<Transfer>('GET', `/transfers/${sent.endToEndId}`).then(show, () => undefined),
  });
  return { element, stop };
}
