import { randomUUID } from 'node:crypto';
import { inboxId } from './outbox';

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
