import { byId, call } from '../shared/api.js';
import { el, load, startPage, timeCell } from './common.js';

/** The hub's dead letters, newest first: where each was read and why it can never be applied. */

interface DeadLetter {
  source: string;
  topic: string;
  partition: number | null;
  offset: string | null;
  messageId: string;
  reason: string;
  at: string;
}

startPage();

async function read(): Promise<void> {
  const { deadLetters } = await call<{ deadLetters: DeadLetter[] }>('GET', '/api/dead-letters?limit=200');
  byId('dead-letters').replaceChildren(
    ...(deadLetters.length
      ? deadLetters.map((d) =>
          el(
            'tr',
            {},
            timeCell(d.at),
            el('td', {}, d.topic, el('br'), `partition ${d.partition ?? '–'}, offset ${d.offset ?? '–'}`),
            el('td', { class: 'id' }, d.messageId),
            el('td', {}, d.reason),
          ),
        )
      : [el('tr', {}, el('td', { colspan: '4' }, 'None: every message the hub read was applied.'))]),
  );
}

const state = byId('dead-letters-state');
byId('refresh').addEventListener('click', () => void load(state, 'the dead letters', read));
void load(state, 'the dead letters', read);
