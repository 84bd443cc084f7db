import { formatReais } from '../shared/api.js';
import { idempotencyKey, readAmount } from './context.js';
import { errorBox, field, h, showError, whileBusy } from './dom.js';
import type { Transfer } from './live.js';
import { api } from './session.js';
import { REFUND_REASONS, sayError } from './words.js';

/**
 * Refunding a Pix received, all of it or part: the amount and the reason. The refund then shows in
 * the activity as a Pix of its own, moving through its steps live.
 */
export function refundForm(t: Transfer, closed: () => void): HTMLFormElement {
  const amount = h('input', { name: 'amount', inputmode: 'decimal', value: formatReais(t.amount).slice(3) });
  const reason = h(
    'select',
    { name: 'reason' },
    ...REFUND_REASONS.map(([code, words]) => h('option', { value: code }, words)),
  );
  const error = errorBox();
  const submit = h('button', { type: 'submit' }, 'Refund');
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
  const form = h(
    'form',
    { class: 'refund', 'aria-label': `Refund ${formatReais(t.amount)}` },
    field('Amount to give back (R$)', amount, `Up to ${formatReais(t.amount)}.`),
    field('Why', reason),
    error,
    h('div', { class: 'actions' }, submit, cancel),
  );
  // One key for this form: pressing Refund again after a slow answer cannot refund twice.
  const key = idempotencyKey();
  cancel.addEventListener('click', () => {
    form.remove();
    closed();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const cents = readAmount(amount.value);
    if (!cents || BigInt(cents) === 0n || BigInt(cents) > BigInt(t.amount)) {
      showError(error, `Please give an amount from R$ 0,01 to ${formatReais(t.amount)}.`);
      amount.focus();
      return;
    }
    try {
      await whileBusy(submit, 'Refunding…', () =>
        api(
          'POST',
          `/transfers/${t.endToEndId}/refunds`,
          { amount: cents, reason: reason.value },
          {
            'idempotency-key': key,
          },
        ),
      );
      form.replaceChildren(
        h('p', { class: 'ok', role: 'status' }, 'Refund sent. You can follow it in your activity.'),
      );
    } catch (failure) {
      showError(error, sayError(failure));
    }
  });
  queueMicrotask(() => amount.focus());
  return form;
}
