import { InvariantViolation, Money } from '../../src/domain';
import { thrown } from '../../src/domain/testing/refusal';
import { BankTransfer, recordKey } from './bank-transfer';

const t0 = new Date('2026-11-21T14:30:00Z');
const t1 = new Date('2026-11-21T14:30:01Z');
const start = () =>
  BankTransfer.start({
    endToEndId: 'E1111111120261121143012345abcdeF',
    direction: 'outgoing',
    account: '1001',
    amount: Money.fromCents(100n),
    description: '',
    idempotencyKey: 'order-1',
    fingerprint: '["1001","maria@example.com","100",""]',
    createdAt: t0,
  });

describe('BankTransfer', () => {
  it('starts pending, with updatedAt = createdAt', () => {
    expect(start().props).toMatchObject({ status: 'pending', updatedAt: t0 });
  });

  it('completes or is rejected (with its reason), once', () => {
    const completed = start().complete(t1);
    expect(completed.props).toMatchObject({ status: 'completed', updatedAt: t1 });
    const rejected = start().reject('KEY_NOT_FOUND', t1);
    expect(rejected.props).toMatchObject({ status: 'rejected', reason: 'KEY_NOT_FOUND' });
    for (const done of [completed, rejected]) {
      expect(thrown(() => done.complete(t1))).toMatchObject({ code: 'TRANSFER.INVALID_TRANSITION' });
      expect(thrown(() => done.reject('DEADLINE_EXCEEDED', t1))).toMatchObject({ kind: 'precondition' });
    }
  });

  it('names each direction of one end-to-end id apart', () => {
    const id = start().endToEndId;
    expect(recordKey(id, 'outgoing')).not.toBe(recordKey(id, 'incoming'));
  });

  it('never dates a move before the last one (a clock set back)', () => {
    expect(start().complete(new Date(t0.getTime() - 1_000)).props.updatedAt).toBe(t0);
  });

  describe('asserts its invariants: breaking one is a bug', () => {
    const props = () => start().props;
    it.each([
      ['an amount of zero', { amount: Money.ZERO }],
      ['an outgoing record without its idempotency key', { idempotencyKey: undefined }],
      ['an outgoing record without its fingerprint', { fingerprint: undefined }],
      [
        'an incoming record with an idempotency key',
        { direction: 'incoming' as const, fingerprint: undefined },
      ],
      [
        'a completed record with a reason',
        { status: 'completed' as const, reason: 'KEY_NOT_FOUND' as const },
      ],
      ['an update before the creation', { updatedAt: new Date(t0.getTime() - 1) }],
    ])('restoring %s throws', (_, change) => {
      expect(thrown(() => BankTransfer.restore({ ...props(), ...change }))).toBeInstanceOf(
        InvariantViolation,
      );
    });

    it('restores an incoming record without key or fingerprint', () => {
      const incoming = {
        ...props(),
        direction: 'incoming' as const,
        idempotencyKey: undefined,
        fingerprint: undefined,
      };
      expect(BankTransfer.restore(incoming).direction).toBe('incoming');
    });
  });
});
