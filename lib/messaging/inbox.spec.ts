import { randomUUID } from 'node:crypto';
import { fingerprint, inboxId } from './inbox';

describe('inboxId', () => {
  it('keeps our own message ids (UUIDs) as they are', () => {
    const id = randomUUID();
    expect(inboxId(id)).toBe(id);
  });

  it.each([
    ['longer than 64 characters', 'x'.repeat(65)],
    ['with a NUL', 'a\u0000b'],
    ['with spaces', 'a b'],
    ['not ASCII', 'mensagem-ção'],
    ['empty', ''],
  ])('keeps an id %s as its SHA-256', (_, id) => {
    expect(inboxId(id)).toMatch(/^[0-9a-f]{64}$/);
    expect(inboxId(id)).toBe(inboxId(id));
  });
});

describe('fingerprint', () => {
  const message = {
    type: 'codepix.v1.TransferReply',
    origin: '22222222',
    key: 'E1',
    value: Buffer.from('abc'),
  };

  it('is the same for the same message read twice', () => {
    expect(fingerprint({ ...message, value: Buffer.from('abc') })).toBe(fingerprint(message));
    expect(fingerprint(message)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['payload', { value: Buffer.from('abd') }],
    ['type', { type: 'codepix.v1.TransferRequest' }],
    ['origin', { origin: '33333333' }],
    ['key', { key: 'E2' }],
    ['missing origin', { origin: undefined }],
  ])('changes with the %s', (_, change) => {
    expect(fingerprint({ ...message, ...change })).not.toBe(fingerprint(message));
  });

  it('cannot be matched by moving bytes between the headers and the payload', () => {
    const a = { type: 't', origin: 'o', key: 'k', value: Buffer.from('"]\nx') };
    const b = { type: 't', origin: 'o', key: 'k"]\n', value: Buffer.from('x') };
    expect(fingerprint(a)).not.toBe(fingerprint(b));
  });

  it('reads an empty and a null payload alike', () => {
    expect(fingerprint({ ...message, value: null })).toBe(
      fingerprint({ ...message, value: Buffer.alloc(0) }),
    );
  });
});
