import { byId, call } from '../shared/api.js';
import { bankName, bankNames, el, load, startPage, statusBadge, timeCell } from './common.js';

/** Key claims still open (open, waiting for the donor, confirmed); finished ones too when asked. */

interface Claim {
  id: string;
  kind: string;
  key: string;
  status: string;
  reason: string | null;
  claimer: { ispb: string; name: string };
  donor: { ispb: string; name: string };
  resolutionEndsAt: string | null;
  createdAt: string;
}

startPage();
const showClosed = byId<HTMLInputElement>('show-closed');
let names = new Map<string, string>();

async function read(): Promise<void> {
  if (names.size === 0) names = await bankNames();
  const { claims } = await call<{ claims: Claim[] }>('GET', `/api/claims?open=${!showClosed.checked}`);
  byId('claims').replaceChildren(
    ...(claims.length
      ? claims.map((c) =>
          el(
            'tr',
            {},
            timeCell(c.createdAt),
            el('td', { class: 'id' }, c.key),
            el('td', {}, c.kind),
            el('td', {}, statusBadge(c.status), c.reason ? ` ${c.reason}` : ''),
            el('td', {}, `${c.claimer.name}, ${bankName(c.claimer.ispb, names)}`),
            el('td', {}, `${c.donor.name}, ${bankName(c.donor.ispb, names)}`),
            timeCell(c.resolutionEndsAt),
          ),
        )
      : [
          el(
            'tr',
            {},
            el('td', { colspan: '7' }, showClosed.checked ? 'No claims yet.' : 'No claim is open.'),
          ),
        ]),
  );
}

const state = byId('claims-state');
showClosed.addEventListener('change', () => void load(state, 'the claims', read));
void load(state, 'the claims', read);
