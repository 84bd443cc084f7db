import type { Ctx } from '../context.js';
import { errorBox, field, h, loading, showError, when, whileBusy } from '../dom.js';
import { type Claim, listen } from '../live.js';
import { api } from '../session.js';
import { announce } from '../transfers.js';
import { CLAIM_STATES, sayError } from '../words.js';

const KIND_WORDS: Record<string, string> = {
  portability: 'Portability: bring my key from another bank',
  ownership: 'Ownership: a key that is mine is held by someone else',
};

/** The steps each side may take in a state, as the hub allows them; anything else it refuses in words. */
function stepsFor(claim: Claim): [string, string, string][] {
  if (claim.role === 'donor' && (claim.status === 'open' || claim.status === 'waiting_resolution'))
    return [
      ['confirm', 'Release the key', 'Key released.'],
      ['cancel', 'Keep the key here', 'Claim cancelled: the key stays here.'],
    ];
  if (claim.role === 'claimer' && claim.status === 'confirmed')
    return [['complete', 'Move the key here', 'Done: the key is now yours here.']];
  if (claim.role === 'claimer' && (claim.status === 'open' || claim.status === 'waiting_resolution'))
    return [['cancel', 'Cancel the claim', 'Claim cancelled.']];
  return [];
}

function claimItem(claim: Claim, changed: () => void): HTMLLIElement {
  const error = errorBox();
  const side = claim.role === 'claimer' ? 'You asked for this key' : 'Another bank asks for your key';
  const item = h(
    'li',
    { class: 'claim', 'data-id': claim.id, 'data-status': claim.status },
    h(
      'p',
      { class: 'what' },
      `${claim.key} · ${claim.kind === 'portability' ? 'Portability' : 'Ownership claim'}`,
    ),
    h('p', { class: 'meta' }, `${side} · ${when(claim.createdAt)}`),
    h('p', { class: 'state' }, CLAIM_STATES[claim.status] ?? claim.status),
    claim.resolutionEndsAt && claim.status === 'waiting_resolution'
      ? h('p', { class: 'hint' }, `Answer by ${when(claim.resolutionEndsAt)}`)
      : undefined,
    error,
  );
  const actions = h('div', { class: 'actions' });
  for (const [step, label, done] of stepsFor(claim)) {
    const button = h('button', { type: 'button', class: step === 'cancel' ? 'secondary' : '' }, label);
    button.addEventListener('click', async () => {
      try {
        const body = step === 'complete' ? undefined : { reason: 'USER_REQUESTED' };
        await whileBusy(button, 'Working…', () => api('POST', `/claims/${claim.id}/${step}`, body));
        announce(done);
        changed();
      } catch (failure) {
        showError(error, sayError(failure));
      }
    });
    actions.append(button);
  }
  if (actions.childElementCount) item.append(actions);
  return item;
}

/** The account's key claims, kept current from the live stream, and opening a new one. */
export function claimsSection(ctx: Ctx): { element: HTMLElement; stop: () => void } {
  const list = h('ul', { class: 'claims', 'aria-label': 'Your key claims' });
  const error = errorBox();
  const reload = async () => {
    list.replaceChildren(loading('your claims'));
    try {
      const { claims } = await api<{ claims: Claim[] }>('GET', `/accounts/${ctx.account.number}/claims`);
      list.replaceChildren(
        ...(claims.length
          ? claims.map((c) => claimItem(c, () => void reload()))
          : [h('li', { class: 'empty' }, 'No claims.')]),
      );
      showError(error, undefined);
    } catch (failure) {
      list.replaceChildren();
      showError(error, sayError(failure));
    }
  };
  const kind = h(
    'select',
    { name: 'claimKind' },
    ...Object.entries(KIND_WORDS).map(([value, words]) => h('option', { value }, words)),
  );
  const key = h('input', { name: 'claimKey', autocomplete: 'off' });
  const formError = errorBox();
  const submit = h('button', { type: 'submit' }, 'Open the claim');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'claim-title' },
    h('h2', { id: 'claim-title' }, 'Bring a key here'),
    field('What kind of claim', kind),
    field('The key', key, 'A phone, email, CPF or CNPJ key now registered at another account.'),
    formError,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!key.value.trim()) {
      showError(formError, 'Please type the key you want to bring here.');
      key.focus();
      return;
    }
    try {
      await whileBusy(submit, 'Opening…', () =>
        api('POST', `/accounts/${ctx.account.number}/claims`, { kind: kind.value, key: key.value.trim() }),
      );
      showError(formError, undefined);
      key.value = '';
      announce('Claim opened. The other bank now has to answer.');
      await reload();
    } catch (failure) {
      showError(formError, sayError(failure));
    }
  });
  const stop = listen({
    claim: (c) => {
      if (c.account !== ctx.account.number) return;
      announce(`Claim for ${c.key}: ${CLAIM_STATES[c.status] ?? c.status}`);
      void reload();
    },
    reconnected: () => void reload(),
  });
  void reload();
  return {
    element: h(
      'section',
      { 'aria-labelledby': 'claims-title' },
      h('h2', { id: 'claims-title' }, 'Key claims'),
      error,
      list,
      form,
    ),
    stop,
  };
}
