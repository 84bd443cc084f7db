import { errorBox, field, h, showError, whileBusy } from '../dom.js';
import type { Me } from '../session.js';
import { logIn } from '../session.js';
import { sayError } from '../words.js';

/** Logging in with a tax id (CPF or CNPJ, with or without its dots) and a password. */
export function loginView(root: HTMLElement, expired: boolean, loggedIn: (me: Me) => void): void {
  const taxId = h('input', {
    name: 'taxId',
    inputmode: 'numeric',
    autocomplete: 'username',
    required: true,
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const error = errorBox();
  const submit = h('button', { type: 'submit' }, 'Log in');
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    h('h1', {}, 'Log in'),
    expired && h('p', { class: 'notice', role: 'status' }, 'Your session has ended. Please log in again.'),
    field('CPF or CNPJ', taxId, 'Only the numbers are needed: 11 digits for a CPF, 14 for a CNPJ.'),
    field('Password', password),
    error,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const digits = taxId.value.replace(/\D/g, '');
    if (digits.length !== 11 && digits.length !== 14) {
      showError(error, 'Please type your CPF (11 digits) or CNPJ (14 digits).');
      taxId.focus();
      return;
    }
    if (!password.value) {
      showError(error, 'Please type your password.');
      password.focus();
      return;
    }
    showError(error, undefined);
    try {
      const me = await whileBusy(submit, 'Logging in…', () => logIn(digits, password.value));
      if (me.accounts.length === 0) {
        showError(error, 'You have no account at this bank yet.');
        return;
      }
      loggedIn(me);
    } catch (failure) {
      showError(error, sayError(failure));
      password.select();
    }
  });
  root.append(form);
  taxId.focus();
}
