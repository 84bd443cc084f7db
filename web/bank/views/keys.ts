import type { Ctx, View } from '../context.js';
import { errorBox, field, h, loading, showError, whileBusy } from '../dom.js';
import { listen } from '../live.js';
import { api } from '../session.js';
import { sayError } from '../words.js';
import { claimsSection } from './claims.js';

interface Key {
  key: string;
  kind: string;
  createdAt?: string;
}

const KINDS: [string, string][] = [
  ['email', 'Email'],
  ['phone', 'Phone number'],
  ['cpf', 'CPF'],
  ['cnpj', 'CNPJ'],
  ['evp', 'Random key (made for you)'],
];
const kindWords = (kind: string) => KINDS.find(([k]) => k === kind)?.[1] ?? kind;

/** The account's Pix keys (from the hub's directory), registering a new one, and the key claims. */
export const keysView: View = (root, ctx) => {
  const list = h('ul', { class: 'keys', 'aria-label': 'Your Pix keys' });
  const error = errorBox();
  const reload = async () => {
    list.replaceChildren(loading('your keys'));
    try {
      const { keys } = await api<{ keys: Key[] }>('GET', `/accounts/${ctx.account.number}/pix-keys`);
      list.replaceChildren(
        ...(keys.length
          ? keys.map((k) =>
              h(
                'li',
                {},
                h('span', { class: 'kind' }, kindWords(k.kind)),
                h('span', { class: 'key' }, k.key),
              ),
            )
          : [h('li', { class: 'empty' }, 'No Pix keys yet: register one below.')]),
      );
      showError(error, undefined);
    } catch (failure) {
      list.replaceChildren();
      showError(error, sayError(failure));
    }
  };
  const claims = claimsSection(ctx);
  root.append(h('h2', {}, 'Your keys'), error, list, registerForm(ctx, reload), claims.element);
  void reload();
  // A claim that completes moves a key here or away: the list is read again.
  const stop = listen({
    claim: (c) => {
      if (c.status === 'completed') void reload();
    },
    reconnected: () => void reload(),
  });
  return () => {
    stop();
    claims.stop();
  };
};

function registerForm(ctx: Ctx, registered: () => Promise<void>): HTMLElement {
  const kind = h('select', { name: 'kind' }, ...KINDS.map(([value, words]) => h('option', { value }, words)));
  const key = h('input', { name: 'key', autocomplete: 'off' });
  const keyField = field('Key', key, 'An email, or a phone number as +55 and its digits (+5511987654321).');
  const error = errorBox();
  const done = h('p', { class: 'ok', role: 'status' });
  const submit = h('button', { type: 'submit' }, 'Register the key');
  const fitKind = () => {
    // A random key is made by the hub; a CPF or CNPJ key is the owner's own tax id.
    keyField.hidden = kind.value === 'evp';
    if (kind.value === 'cpf' || kind.value === 'cnpj') key.value = ctx.me.customer.taxId;
    else if (/^\d+$/.test(key.value)) key.value = '';
  };
  kind.addEventListener('change', fitKind);
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'register-title' },
    h('h2', { id: 'register-title' }, 'Register a new key'),
    field('Kind of key', kind),
    keyField,
    error,
    done,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    done.textContent = '';
    if (kind.value !== 'evp' && !key.value.trim()) {
      showError(error, 'Please type the key.');
      key.focus();
      return;
    }
    try {
      const body = { kind: kind.value, ...(kind.value === 'evp' ? {} : { key: key.value.trim() }) };
      const made = await whileBusy(submit, 'Registering…', () =>
        api<Key>('POST', `/accounts/${ctx.account.number}/pix-keys`, body),
      );
      showError(error, undefined);
      done.textContent = `Registered: ${made.key}`;
      key.value = '';
      await registered();
    } catch (failure) {
      showError(error, sayError(failure));
    }
  });
  fitKind();
  return form;
}
