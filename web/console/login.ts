import { ApiError, byId, call } from '../shared/api.js';

/**
 * The login: the operator token, pasted, is exchanged for a session cookie (POST /session), and the
 * browser goes back where it was sent from. Only a path on this site is gone back to.
 */

const next = new URLSearchParams(location.search).get('next') ?? '/';
const home = next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';

const form = byId<HTMLFormElement>('login');
const input = byId<HTMLInputElement>('token');
const problem = byId('login-error');
const submit = form.querySelector('button') as HTMLButtonElement;

function refuse(words: string): void {
  problem.textContent = words;
  problem.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  input.focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = input.value.trim();
  if (!token) {
    refuse('Please paste the operator token.');
    return;
  }
  submit.disabled = true;
  submit.textContent = 'Logging in…';
  try {
    await call('POST', '/session', { token });
    location.assign(home);
  } catch (error) {
    refuse(error instanceof ApiError ? error.message : 'We could not log you in. Please try again.');
  } finally {
    submit.disabled = false;
    submit.textContent = 'Log in';
  }
});

input.addEventListener('input', () => {
  problem.hidden = true;
  input.removeAttribute('aria-invalid');
});
input.focus();
