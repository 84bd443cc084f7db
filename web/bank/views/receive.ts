import { formatReais } from '../../shared/api.js';
import { type Ctx, readAmount, type View } from '../context.js';
import { errorBox, field, h, loading, newId, showError, whileBusy } from '../dom.js';
import { listen } from '../live.js';
import { api } from '../session.js';
import { announce } from '../transfers.js';
import { sayError } from '../words.js';

interface Made {
  payload: string;
  svg: string;
  brCode: { initiation: string; amount?: string };
  charge?: { txid: string; status: string };
}

/**
 * Receiving a Pix: a BR Code for one of the account's keys, shown as a QR code to scan and as text to
 * copy. A static code can be paid any number of times; a dynamic one once, and this page says when.
 */
export const receiveView: View = (root, ctx) => {
  const stops: (() => void)[] = [];
  const waiting = loading('your Pix keys');
  root.append(waiting);
  void (async () => {
    try {
      const { keys } = await api<{ keys: { key: string }[] }>(
        'GET',
        `/accounts/${ctx.account.number}/pix-keys`,
      );
      if (keys.length === 0) {
        waiting.replaceWith(
          h('p', {}, 'To receive a Pix you need a Pix key. ', h('a', { href: '#/keys' }, 'Register one')),
        );
        return;
      }
      const result = h('div', {});
      waiting.replaceWith(
        codeForm(
          ctx,
          keys.map((k) => k.key),
          (made) => {
            for (const stop of stops.splice(0)) stop();
            const shown = showCode(made);
            stops.push(shown.stop);
            result.replaceChildren(shown.element);
          },
        ),
        result,
      );
    } catch (failure) {
      waiting.replaceWith(h('p', { class: 'error', role: 'alert' }, sayError(failure)));
    }
  })();
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
};

function codeForm(ctx: Ctx, keys: string[], made: (made: Made) => void): HTMLFormElement {
  const key = h('select', { name: 'key' }, ...keys.map((k) => h('option', { value: k }, k)));
  const amount = h('input', { name: 'amount', inputmode: 'decimal' });
  const note = h('input', { name: 'description', maxlength: 60 });
  const once = h('input', { type: 'checkbox', name: 'dynamic', id: newId('dynamic') });
  const error = errorBox();
  const submit = h('button', { type: 'submit' }, 'Make the code');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-label': 'Make a Pix code' },
    field('Pix key to receive on', key),
    field('Amount (R$)', amount, 'Leave it empty to let the payer choose (not for a one-payment code).'),
    field('Message to the payer (optional)', note),
    h('div', { class: 'check' }, once, h('label', { for: once.id }, 'For one payment only (a charge)')),
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const cents = amount.value.trim() ? readAmount(amount.value) : undefined;
    if (amount.value.trim() && (!cents || cents === '0'))
      return fail(error, amount, 'Please type an amount, such as 25,00.');
    if (once.checked && !cents) return fail(error, amount, 'A code for one payment needs an amount.');
    try {
      const body = {
        key: key.value,
        dynamic: once.checked,
        ...(cents && { amount: cents }),
        ...(note.value && { description: note.value }),
      };
      made(
        await whileBusy(submit, 'Making…', () =>
          api<Made>('POST', `/accounts/${ctx.account.number}/br-codes`, body),
        ),
      );
      showError(error, undefined);
    } catch (failure) {
      showError(error, sayError(failure));
    }
  });
  return form;
}

function showCode(made: Made): { element: HTMLElement; stop: () => void } {
  const text = h('textarea', { readonly: true, rows: 4, spellcheck: 'false' });
  text.value = made.payload;
  const copied = h('p', { class: 'hint', role: 'status' });
  const copy = h('button', { type: 'button' }, 'Copy the code');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(made.payload);
      copied.textContent = 'Copied. Send it to whoever is paying you.';
    } catch {
      // No clipboard (an insecure origin, a refusal): selected, the customer copies it themselves.
      text.select();
      copied.textContent = 'Selected: copy it with your device’s copy command.';
    }
  });
  const { amount } = made.brCode;
  const charge = made.charge;
  const paid = h('p', { class: 'notice', role: 'status' }, charge ? 'Waiting for the payment…' : '');
  const element = h(
    'section',
    { class: 'card qr', 'aria-labelledby': 'qr-title' },
    h('h2', { id: 'qr-title' }, amount ? `Pix code for ${formatReais(amount)}` : 'Pix code, any amount'),
    h('img', {
      class: 'qr-image',
      src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(made.svg)}`,
      alt: 'QR code of this Pix code: scan it with a bank app to pay',
    }),
    field('Pix Copia e Cola', text),
    h('div', { class: 'actions' }, copy),
    copied,
    charge && paid,
  );
  if (!charge) return { element, stop: () => {} };
  const settle = (status: string) => {
    if (status !== 'paid') return;
    paid.textContent = 'Paid. The money is in your account.';
    paid.className = 'ok';
    announce('Your Pix code was paid.');
  };
  const stop = listen({
    transfer: (t) => {
      if (t.direction === 'incoming' && t.txid === charge.txid && t.status === 'completed') settle('paid');
    },
    reconnected: () =>
      void api<{ status: string }>('GET', `/charges/${charge.txid}`).then(
        (c) => settle(c.status),
        () => undefined,
      ),
  });
  return { element, stop };
}

function fail(box: HTMLElement, control: HTMLElement, message: string): void {
  showError(box, message);
  control.focus();
}
