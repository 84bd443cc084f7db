import { formatReais } from '../../shared/api.js';
import type { View } from '../context.js';
import { errorBox, h, loading, showError, when } from '../dom.js';
import { api } from '../session.js';
import { sayError } from '../words.js';

interface Entry {
  kind: string;
  amount: string;
  endToEndId?: string;
  balanceAfter: string;
  at: string;
}

const KINDS: Record<string, string> = {
  deposit: 'Deposit',
  credit: 'Pix received',
  debit: 'Pix sent',
  fee: 'Fee',
};
/** Money out of the account is shown as negative. */
const OUT = new Set(['debit', 'fee']);

/** The account's statement, newest first, as a table a screen reader can walk by row and column. */
export const statementView: View = (root, ctx) => {
  const error = errorBox();
  const body = h('tbody', {});
  const table = h(
    'table',
    {},
    h('caption', {}, `Account ${ctx.account.branch} / ${ctx.account.number}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'When'),
        h('th', { scope: 'col' }, 'What'),
        h('th', { scope: 'col', class: 'num' }, 'Amount'),
        h('th', { scope: 'col', class: 'num' }, 'Balance'),
      ),
    ),
    body,
  );
  const waiting = loading('your statement');
  root.append(error, waiting);
  void (async () => {
    try {
      const { entries } = await api<{ entries: Entry[] }>('GET', `/accounts/${ctx.account.number}/statement`);
      body.replaceChildren(
        ...entries
          .slice()
          .reverse()
          .map((e) =>
            h(
              'tr',
              {},
              h('td', {}, when(e.at)),
              h('td', {}, KINDS[e.kind] ?? e.kind),
              h(
                'td',
                { class: `num ${OUT.has(e.kind) ? 'out' : 'in'}` },
                `${OUT.has(e.kind) ? '−' : '+'}${formatReais(e.amount)}`,
              ),
              h('td', { class: 'num' }, formatReais(e.balanceAfter)),
            ),
          ),
      );
      waiting.replaceWith(
        entries.length
          ? h('div', { class: 'scroll' }, table)
          : h('p', { class: 'empty' }, 'Nothing here yet.'),
      );
    } catch (failure) {
      waiting.remove();
      showError(error, sayError(failure));
    }
  })();
  return undefined;
};
