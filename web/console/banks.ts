import { byId, call, formatReais } from '../shared/api.js';
import { el, load, startPage } from './common.js';

/** Each bank's settlement account: balance, reserved, position and net debit cap, every few seconds. */

interface Bank {
  ispb: string;
  name: string;
  active: boolean;
  balance: string;
  reserved: string;
  netDebitCap: string;
  position: string;
  available: string;
}

const AGAIN_MS = 5_000;

startPage();

/** How much of its cap a bank below zero uses, as a meter with the same figure in words. */
function capInUse(b: Bank): Node {
  const cap = Number(b.netDebitCap);
  const below = Math.max(0, -Number(b.position));
  if (cap === 0) return document.createTextNode(below > 0 ? 'over its cap' : 'no cap');
  const share = Math.min(1, below / cap);
  const words = `${Math.round(share * 100)}%`;
  const meter = el('meter', {
    min: '0',
    max: '1',
    low: '0.5',
    high: '0.8',
    optimum: '0',
    value: String(share),
    'aria-label': `${b.name}: ${words} of its cap in use`,
  });
  return el('span', {}, meter, ` ${words}`);
}

async function read(): Promise<void> {
  const { banks } = await call<{ banks: Bank[] }>('GET', '/api/banks');
  byId('banks').replaceChildren(
    ...(banks.length
      ? banks.map((b) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, `${b.name} (${b.ispb})`, b.active ? '' : ' — inactive'),
            el('td', { class: 'num' }, formatReais(b.balance)),
            el('td', { class: 'num' }, formatReais(b.reserved)),
            el('td', { class: 'num' }, formatReais(b.position)),
            el('td', { class: 'num' }, formatReais(b.netDebitCap)),
            el('td', { class: 'num' }, formatReais(b.available)),
            el('td', {}, capInUse(b)),
          ),
        )
      : [el('tr', {}, el('td', { colspan: '7' }, 'No bank is registered yet.'))]),
  );
}

const again = () => setTimeout(() => void load(byId('banks-state'), 'the banks', read).then(again), AGAIN_MS);
void load(byId('banks-state'), 'the banks', read).then(again);
