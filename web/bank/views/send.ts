import { formatReais } from '../../shared/api.js';
import { type Ctx, idempotencyKey, readAmount, type View } from '../context.js';
import { errorBox, field, h, showError, whileBusy } from '../dom.js';
import { followTransfer } from '../follow.js';
import type { Transfer } from '../live.js';
import { scanner } from '../scan.js';
import { api } from '../session.js';
import { sayError } from '../words.js';

/** What POST /br-codes/parse reads in a code. */
interface BrCode {
  initiation: 'static' | 'dynamic';
  key?: string;
  merchantName: string;
  merchantCity: string;
  amount?: string;
  description?: string;
}

/** An order ready to confirm: what the customer reads, and what is sent. */
interface Order {
  lines: [string, string][];
  body: Record<string, string>;
}

/**
 * Sending a Pix: to a key, or by a BR Code pasted or scanned. Nothing is sent before the customer has
 * read who gets how much and pressed Confirm; the order keeps one Idempotency-Key however often
 * Confirm is pressed, so a retry after a slow answer never pays twice.
 */
export const sendView: View = (root, ctx) => {
  const stops: (() => void)[] = [];
  const stage = h('div', {});
  let again = () => {};
  const pick = (title: string, build: () => HTMLElement) => {
    const button = h('button', { type: 'button', class: 'secondary', 'aria-pressed': 'false' }, title);
    button.addEventListener('click', () => {
      for (const other of choices.querySelectorAll('button'))
        other.setAttribute('aria-pressed', String(other === button));
      again = () => {
        for (const stop of stops.splice(0)) stop();
        stage.replaceChildren(build());
      };
      again();
    });
    return button;
  };
  const choices = h(
    'div',
    { class: 'choices', role: 'group', 'aria-label': 'How to pay' },
    pick('To a Pix key', () => keyForm(ctx, confirm)),
    pick('Paste a Pix code', () => codeForm(ctx, confirm)),
    pick('Scan a QR code', () => {
      const scan = scanner((payload) => stage.replaceChildren(codeForm(ctx, confirm, payload)));
      stops.push(scan.stop);
      return scan.element;
    }),
  );
  const sent = (transfer: Transfer) => {
    const followed = followTransfer(transfer);
    stops.push(followed.stop);
    stage.replaceChildren(followed.element);
    followed.element.focus();
  };
  const confirm = (order: Order) => stage.replaceChildren(review(ctx, order, sent, () => again()));
  root.append(choices, stage);
  (choices.firstElementChild as HTMLButtonElement).click();
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
};

function keyForm(ctx: Ctx, next: (order: Order) => void): HTMLElement {
  const key = h('input', { name: 'key', autocomplete: 'off', required: true });
  const amount = h('input', { name: 'amount', inputmode: 'decimal', required: true });
  const note = h('input', { name: 'description', maxlength: 140 });
  const error = errorBox();
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-label': 'Pay to a Pix key' },
    field('Pix key', key, 'A CPF or CNPJ, an email, a phone number (+55…) or a random key.'),
    field('Amount (R$)', amount, `Available: ${formatReais(ctx.account.available)}`),
    field('Message (optional)', note),
    error,
    h('button', { type: 'submit' }, 'Review'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const cents = readAmount(amount.value);
    if (!key.value.trim()) return fail(error, key, 'Please type the Pix key to pay.');
    if (!cents || cents === '0') return fail(error, amount, 'Please type an amount, such as 25,00.');
    next({
      lines: [
        ['To the key', key.value.trim()],
        ['Amount', formatReais(cents)],
        ...(note.value ? [['Message', note.value] as [string, string]] : []),
      ],
      body: { key: key.value.trim(), amount: cents, description: note.value },
    });
  });
  queueMicrotask(() => key.focus());
  return form;
}

/** A BR Code is read by the bank first, so the customer sees who and how much before paying. */
function codeForm(ctx: Ctx, next: (order: Order) => void, scanned?: string): HTMLElement {
  const text = h('textarea', { name: 'brCode', rows: 4, autocomplete: 'off', spellcheck: 'false' });
  const error = errorBox();
  const read = h('button', { type: 'submit' }, 'Read the code');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-label': 'Pay a Pix code' },
    field('Pix code (Pix Copia e Cola)', text, 'Paste the whole code; it starts with 000201.'),
    error,
    read,
  );
  const readCode = async () => {
    const payload = text.value.trim();
    if (!payload) return fail(error, text, 'Please paste the Pix code.');
    try {
      const code = await whileBusy(read, 'Reading…', () =>
        api<BrCode>('POST', '/br-codes/parse', { payload }),
      );
      showError(error, undefined);
      form.replaceWith(codeDetails(ctx, payload, code, next));
    } catch (failure) {
      showError(error, sayError(failure));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void readCode();
  });
  if (scanned) {
    text.value = scanned;
    void readCode();
  } else queueMicrotask(() => text.focus());
  return form;
}

/** Who the code pays and how much; the amount is asked for when the code leaves it to the payer. */
function codeDetails(ctx: Ctx, payload: string, code: BrCode, next: (order: Order) => void): HTMLElement {
  const lines: [string, string][] = [
    ['To', `${code.merchantName}, ${code.merchantCity}`],
    ['Pix key', code.key ?? '—'],
    ...(code.description ? [['Message', code.description] as [string, string]] : []),
  ];
  const amount = h('input', { name: 'amount', inputmode: 'decimal', required: true });
  const error = errorBox();
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-label': 'The code you are paying' },
    h(
      'dl',
      { class: 'review' },
      ...lines.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
      ...(code.amount ? [h('dt', {}, 'Amount'), h('dd', {}, formatReais(code.amount))] : []),
    ),
    !code.amount && field('Amount (R$)', amount, `Available: ${formatReais(ctx.account.available)}`),
    error,
    h('button', { type: 'submit' }, 'Review'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const cents = code.amount ?? readAmount(amount.value);
    if (!cents || cents === '0') return fail(error, amount, 'Please type an amount, such as 25,00.');
    next({
      lines: [...lines, ['Amount', formatReais(cents)]],
      body: { brCode: payload, ...(code.amount ? {} : { amount: cents }) },
    });
  });
  return form;
}

function review(ctx: Ctx, order: Order, sent: (transfer: Transfer) => void, back: () => void): HTMLElement {
  const error = errorBox();
  const go = h('button', { type: 'button' }, 'Confirm and send');
  const change = h('button', { type: 'button', class: 'secondary' }, 'Change');
  change.addEventListener('click', back);
  const key = idempotencyKey();
  go.addEventListener('click', async () => {
    try {
      const transfer = await whileBusy(go, 'Sending…', () =>
        api<Transfer>(
          'POST',
          '/transfers',
          { fromAccount: ctx.account.number, ...order.body },
          { 'idempotency-key': key },
        ),
      );
      sent(transfer);
    } catch (failure) {
      showError(error, sayError(failure));
    }
  });
  const panel = h(
    'section',
    { class: 'card', 'aria-labelledby': 'review-title', tabindex: -1 },
    h('h2', { id: 'review-title' }, 'Check before you send'),
    h('dl', { class: 'review' }, ...order.lines.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('p', { class: 'hint' }, `From account ${ctx.account.branch} / ${ctx.account.number}`),
    error,
    h('div', { class: 'actions' }, go, change),
  );
  queueMicrotask(() => panel.focus());
  return panel;
}

function fail(box: HTMLElement, control: HTMLElement, message: string): void {
  showError(box, message);
  control.focus();
}
