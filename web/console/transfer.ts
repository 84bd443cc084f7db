import { byId, call, formatReais } from '../shared/api.js';
import {
  bankName,
  bankNames,
  el,
  load,
  startPage,
  statusBadge,
  timeCell,
  transferLink,
  when,
} from './common.js';
import type { TransferSummary } from './types.js';

/**
 * A transfer's whole history on one page (/transfer.html?id=E…): what it is, every state change, the
 * signed messages that moved it, the money in the settlement accounts, and its refunds. While it is
 * not final the page reads it again every few seconds.
 */

interface Detail {
  transfer: TransferSummary & {
    debtor: { branch: string; account: string };
    creditor: { branch: string | null; account: string | null };
    description: string;
    rejectionDetail: string | null;
    deadline: string | null;
    settledAt: string | null;
    refundReason: string | null;
    txid: string | null;
  };
  reconciliation: { reason: string; detail: string; raisedAt: string } | null;
  history: { from: string | null; to: string; reason: string | null; actor: string; at: string }[];
  messages: {
    messageId: string;
    type: string | null;
    topic: string | null;
    origin: string | null;
    signer: { serial: string; role: string | null; name: string | null };
    receivedAt: string;
  }[];
  ledger: { ispb: string; kind: string; amount: string; at: string }[];
  refunds: TransferSummary[];
}

const AGAIN_MS = 3_000;
const id = new URLSearchParams(location.search).get('id') ?? '';
let names = new Map<string, string>();

startPage();

const fact = (term: string, ...value: (Node | string)[]) => [el('dt', {}, term), el('dd', {}, ...value)];
const none = (text: string, columns: number) => el('tr', {}, el('td', { colspan: String(columns) }, text));

function render(d: Detail): void {
  const t = d.transfer;
  document.title = `Transfer ${t.endToEndId} - CodePix hub console`;
  byId('title').replaceChildren(
    t.refundOf ? 'Refund ' : 'Transfer ',
    el('span', { class: 'id' }, t.endToEndId),
  );
  const account = (side: { branch: string | null; account: string | null }) =>
    side.account ? ` branch ${side.branch}, account ${side.account}` : '';
  byId('facts').replaceChildren(
    ...fact('Status', statusBadge(t.status)),
    ...fact('Amount', formatReais(t.amount)),
    ...fact('From', `${t.debtor.name}, ${bankName(t.debtor.ispb, names)}${account(t.debtor)}`),
    ...fact(
      'To',
      `${t.creditor.name ?? 'unknown'}, ${bankName(t.creditor.ispb, names)}${account(t.creditor)}`,
    ),
    ...fact('Pix key', el('span', { class: 'id' }, t.creditor.key)),
    ...fact('Description', t.description || '–'),
    ...fact('Created', when(t.createdAt)),
    ...fact('Settled', when(t.settledAt)),
    ...(t.status === 'pending' ? fact('Deadline', when(t.deadline)) : []),
    ...(t.rejectionReason
      ? fact('Rejected because', `${t.rejectionReason}: ${t.rejectionDetail ?? ''}`)
      : []),
    ...(t.refundOf ? fact('Refund of', transferLink(t.refundOf), ` (reason ${t.refundReason})`) : []),
    ...(t.txid ? fact('Payee txid', t.txid) : []),
    ...(d.reconciliation
      ? fact(
          'Raised for reconciliation',
          `${d.reconciliation.reason}: ${d.reconciliation.detail} (${when(d.reconciliation.raisedAt)})`,
        )
      : []),
  );
  byId('history').replaceChildren(
    ...d.history.map((h) =>
      el(
        'tr',
        {},
        timeCell(h.at),
        el('td', {}, h.from ? statusBadge(h.from) : 'made', ' → ', statusBadge(h.to)),
        el('td', {}, h.reason ?? '–'),
        el('td', {}, h.actor),
      ),
    ),
  );
  byId('messages').replaceChildren(
    ...(d.messages.length
      ? d.messages.map((m) =>
          el(
            'tr',
            {},
            timeCell(m.receivedAt),
            el('td', {}, m.type ?? '–', el('br'), el('span', { class: 'id' }, m.messageId)),
            el(
              'td',
              {},
              m.signer.name ? `${m.signer.role} ${m.signer.name}` : 'an unknown certificate',
              el('br'),
              `serial ${m.signer.serial}`,
            ),
            el('td', {}, m.topic ?? '–'),
          ),
        )
      : [none('None kept: messages are kept with their signature only when security is on.', 4)]),
  );
  byId('ledger').replaceChildren(
    ...(d.ledger.length
      ? d.ledger.map((e) =>
          el(
            'tr',
            {},
            timeCell(e.at),
            el('td', {}, bankName(e.ispb, names)),
            el('td', {}, e.kind),
            el('td', { class: 'num' }, formatReais(e.amount)),
          ),
        )
      : [none('No money has moved for it.', 4)]),
  );
  byId('refunds').replaceChildren(
    ...(d.refunds.length
      ? d.refunds.map((r) =>
          el(
            'tr',
            {},
            timeCell(r.createdAt),
            el('td', {}, transferLink(r.endToEndId)),
            el('td', { class: 'num' }, formatReais(r.amount)),
            el('td', {}, statusBadge(r.status)),
          ),
        )
      : [none('None.', 4)]),
  );
  byId('transfer').hidden = false;
}

async function read(): Promise<void> {
  const detail = await call<Detail>('GET', `/api/transfers/${encodeURIComponent(id)}`);
  render(detail);
  if (detail.transfer.status === 'pending' || detail.transfer.status === 'confirmed') {
    setTimeout(() => void load(byId('transfer-state'), 'the transfer', read), AGAIN_MS);
  }
}

if (!id) {
  byId('transfer-state').replaceChildren(
    el('p', { class: 'notice' }, 'Type an end-to-end id in the search box above to see a transfer.'),
  );
} else {
  void load(byId('transfer-state'), 'the transfer', async () => {
    names = await bankNames();
    await read();
  });
}
