import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deadLetter } from '../lib/messaging/dead-letter';
import { HEADERS, topicNames } from '../lib/messaging/topics';
import { EndToEndId } from '../src/domain';

/** What the docs promise a reader, checked against the code that keeps the promise. */
const doc = (name: string) => readFileSync(path.join(__dirname, name), 'utf8');

describe('docs/protocol.md', () => {
  const protocol = doc('protocol.md');

  it('gives the end-to-end id format, with an example the hub accepts', () => {
    const section = protocol.slice(protocol.indexOf('### The end-to-end id'));
    const [, example] = /without spaces \(`(E\w+)`\)/.exec(section) ?? [];
    const [, diagram] = /```\n(E [^\n]+)\n/.exec(section) ?? [];
    expect(example).toHaveLength(32);
    expect(diagram.replaceAll(' ', '')).toBe(example);
    const id = EndToEndId.create(example);
    expect(id.debtorIspb.value).toBe(example.slice(1, 9));
    expect(id.createdAt.toISOString()).toBe('2026-11-21T14:30:00.000Z');
    expect(section).toMatch(/yyyyMMddHHmm in UTC/);
  });
});

describe('the DLQ source header, as both docs describe it', () => {
  const entry = deadLetter(
    topicNames('codepix'),
    { topic: 'codepix.bank.11111111', partition: 2, offset: '17', messageId: 'm-1', value: null },
    'UNDECODABLE: test',
  );

  it.each(['protocol.md', 'bank-api.md'])('%s says topic/partition/offset', (name) => {
    expect(entry.headers?.[HEADERS.dlqSource]).toBe('codepix.bank.11111111/2/17');
    expect(doc(name)).toContain('`codepix-dlq-source` (`topic/partition/offset`)');
    expect(doc(name)).not.toMatch(/topic:partition:offset/);
  });
});
