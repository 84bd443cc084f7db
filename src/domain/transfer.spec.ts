import fc from 'fast-check';
import type { AccountRef } from './account-ref';
import { InvariantViolation } from './assert';
import { EndToEndId } from './end-to-end-id';
import { DomainError, PreconditionError } from './errors';
import { Ispb } from './ispb';
import { Money } from './money';
import { REJECTION_REASONS } from './rejection-reason';
import {
  type Actor,
  InvalidTransitionError,
  Transfer,
  type TransferProps,
  type TransferStatus,
  type Transition,
} from './transfer';

type Event = 'confirm' | 'complete' | 'reject';
const STATUSES: TransferStatus[] = ['pending', 'confirmed', 'completed', 'rejected'];
const EVENTS: Event[] = ['confirm', 'complete', 'reject'];

/** The expected table, written out here rather than read from the code. */
const ALLOWED: Record<string, TransferStatus> = {
  'pending/confirm': 'confirmed',
  'pending/reject': 'rejected',
  'confirmed/complete': 'completed',
};

const createdAt = new Date('2026-11-21T14:30:00Z');
const later = new Date('2026-11-21T14:30:02Z');
const deadline = new Date('2026-11-21T14:30:10Z');
const debtorAccount: AccountRef = { branch: '0001', number: '99999', ownerName: 'Joao Lima' };
const creditorAccount: AccountRef = { branch: '0001', number: '12345', ownerName: 'Maria Souza' };

/** `null`: the key led nowhere, so there is no creditor. */
const BY_DEBTOR: Actor = 'bank:11111111';
const BY_CREDITOR: Actor = 'bank:22222222';

function newTransfer(creditorIspb: string | null = '22222222'): Transfer {
  return Transfer.open(
    {
      id: EndToEndId.create('E1111111120261121143012345abcdeF'),
      debtorIspb: Ispb.create('11111111'),
      debtorAccount,
      creditorIspb: creditorIspb === null ? undefined : Ispb.create(creditorIspb),
      creditorAccount: creditorIspb === null ? undefined : creditorAccount,
      creditorKey: 'maria@example.com',
      amount: Money.fromCents(1500n),
      description: 'lunch',
      // As the hub opens them: only an accepted request (one with a creditor) gets a deadline.
      deadline: creditorIspb === null ? undefined : deadline,
      createdAt,
    },
    BY_DEBTOR,
  );
}

function inStatus(status: TransferStatus): Transfer {
  const rejection = status === 'rejected' ? { rejectionReason: 'CREDITOR_REFUSED' as const } : {};
  const settled = status === 'confirmed' || status === 'completed' ? { settledAt: createdAt } : {};
  const props: TransferProps = {
    ...newTransfer().snapshot,
    status,
    updatedAt: createdAt,
    ...rejection,
    ...settled,
  };
  return Transfer.restore(props);
}

function fire(transfer: Transfer, event: Event, at = later): Transition {
  if (event === 'confirm') return transfer.confirm(at, BY_CREDITOR);
  if (event === 'complete') return transfer.complete(at, BY_DEBTOR);
  return transfer.reject('CREDITOR_ACCOUNT_CLOSED', at, 'hub');
}

const pairs = STATUSES.flatMap((status) => EVENTS.map((event) => [status, event] as const));

describe('Transfer.open', () => {
  it('starts pending, not terminal, with updatedAt = createdAt', () => {
    const transfer = newTransfer();
    expect(transfer.status).toBe('pending');
    expect(transfer.isTerminal).toBe(false);
    expect(transfer.snapshot.updatedAt).toBe(createdAt);
    expect(transfer.snapshot.rejectionReason).toBeUndefined();
    expect(transfer.snapshot.rejectionDetail).toBeUndefined();
    expect(transfer.snapshot.amount.cents).toBe(1500n);
  });

  it('keeps both accounts, the deadline and the id', () => {
    const transfer = newTransfer();
    expect(transfer.id.value).toBe('E1111111120261121143012345abcdeF');
    expect(transfer.snapshot).toMatchObject({ debtorAccount, creditorAccount, deadline });
    expect(transfer.creditorIspb?.value).toBe('22222222');
  });

  it('may open without a creditor (the key led nowhere)', () => {
    const transfer = newTransfer(null);
    expect(transfer.creditorIspb).toBeUndefined();
    expect(transfer.snapshot.creditorAccount).toBeUndefined();
  });
});

describe('parties', () => {
  const ispbs = (transfer: Transfer) => transfer.parties.map((p) => p.value);

  it('are the debtor and then the creditor bank', () => {
    expect(ispbs(newTransfer())).toEqual(['11111111', '22222222']);
  });

  it('are the debtor alone while the creditor is unknown', () => {
    expect(ispbs(newTransfer(null))).toEqual(['11111111']);
  });

  it('name a bank once when it is both debtor and creditor', () => {
    expect(ispbs(newTransfer('11111111'))).toEqual(['11111111']);
  });
});

describe('isPastDeadline', () => {
  it('is false up to and at the deadline, true from the next millisecond', () => {
    const transfer = newTransfer();
    expect(transfer.isPastDeadline(later)).toBe(false);
    expect(transfer.isPastDeadline(deadline)).toBe(false);
    expect(transfer.isPastDeadline(new Date(deadline.getTime() + 1))).toBe(true);
  });

  it('is never true without a deadline (a transfer rejected at once)', () => {
    const transfer = newTransfer(null);
    transfer.reject('KEY_NOT_FOUND', later, 'hub');
    expect(transfer.isPastDeadline(new Date('2100-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('the transition table', () => {
  it('covers all 12 (status, event) pairs, 3 of them allowed', () => {
    expect(pairs).toHaveLength(12);
    expect(pairs.filter(([s, e]) => ALLOWED[`${s}/${e}`])).toHaveLength(3);
  });

  it.each(pairs.filter(([s, e]) => ALLOWED[`${s}/${e}`]))('%s + %s moves on', (status, event) => {
    const transfer = inStatus(status);
    const transition = fire(transfer, event);
    const to = ALLOWED[`${status}/${event}`];
    expect(transition).toEqual({
      from: status,
      to,
      at: later,
      reason: event === 'reject' ? 'CREDITOR_ACCOUNT_CLOSED' : undefined,
    });
    expect(transfer.status).toBe(to);
    expect(transfer.snapshot.updatedAt).toBe(later);
  });

  it.each(pairs.filter(([s, e]) => !ALLOWED[`${s}/${e}`]))('%s + %s is refused', (status, event) => {
    const transfer = inStatus(status);
    const before = { ...transfer.snapshot };
    let error: unknown;
    try {
      fire(transfer, event);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'TRANSFER.INVALID_TRANSITION',
      kind: 'precondition',
      name: 'InvalidTransitionError',
      from: status,
      event,
    });
    expect(transfer.status).toBe(status);
    expect(transfer.snapshot).toEqual(before);
  });
});

describe('terminal states', () => {
  it.each([
    ['pending', false],
    ['confirmed', false],
    ['completed', true],
    ['rejected', true],
  ] as const)('%s is terminal: %p', (status, terminal) => {
    expect(inStatus(status).isTerminal).toBe(terminal);
  });
});

describe('reject', () => {
  it.each(REJECTION_REASONS)('stores the reason %s on the transaction and in the transition', (reason) => {
    const transfer = newTransfer();
    const t = transfer.reject(reason, later, 'hub');
    expect(t.reason).toBe(reason);
    expect(transfer.snapshot.rejectionReason).toBe(reason);
    expect(transfer.status).toBe('rejected');
  });

  it('stores the detail for people on the transaction, not in the transition', () => {
    const transfer = newTransfer();
    const t = transfer.reject('AMOUNT_OUT_OF_RANGE', later, 'hub', 'amount: above the limit of 1000000.00');
    expect(transfer.snapshot.rejectionDetail).toBe('amount: above the limit of 1000000.00');
    expect(t).toEqual({ from: 'pending', to: 'rejected', reason: 'AMOUNT_OUT_OF_RANGE', at: later });
  });

  it('keeps no detail when none is given', () => {
    const transfer = newTransfer();
    transfer.reject('DEADLINE_EXCEEDED', later, 'hub');
    expect(transfer.snapshot.rejectionDetail).toBeUndefined();
  });

  it('keeps no reason or detail when refused', () => {
    const transfer = inStatus('confirmed');
    expect(() => transfer.reject('DEADLINE_EXCEEDED', later, 'hub', 'too late')).toThrow(
      InvalidTransitionError,
    );
    expect(transfer.snapshot.rejectionReason).toBeUndefined();
    expect(transfer.snapshot.rejectionDetail).toBeUndefined();
  });

  it('does not overwrite the first reason or detail on a second reject', () => {
    const transfer = newTransfer();
    transfer.reject('CREDITOR_REFUSED', later, 'hub', 'first');
    expect(() => transfer.reject('DEADLINE_EXCEEDED', later, 'hub', 'second')).toThrow(
      InvalidTransitionError,
    );
    expect(transfer.snapshot).toMatchObject({
      rejectionReason: 'CREDITOR_REFUSED',
      rejectionDetail: 'first',
    });
  });
});

describe('the happy paths', () => {
  it('pending → confirmed → completed', () => {
    const transfer = newTransfer();
    const history = [transfer.confirm(new Date(1), BY_CREDITOR), transfer.complete(new Date(2), BY_DEBTOR)];
    expect(history.map((t) => [t.from, t.to])).toEqual([
      ['pending', 'confirmed'],
      ['confirmed', 'completed'],
    ]);
    expect(transfer.isTerminal).toBe(true);
  });

  it('is settled when it is confirmed, and keeps that time when it completes', () => {
    const transfer = newTransfer();
    expect(transfer.snapshot.settledAt).toBeUndefined();
    const confirmedAt = new Date(createdAt.getTime() + 1000);
    transfer.confirm(confirmedAt, BY_CREDITOR);
    transfer.complete(new Date(confirmedAt.getTime() + 1000), BY_DEBTOR);
    expect(transfer.snapshot.settledAt).toEqual(confirmedAt);
  });
});

describe('any sequence of events', () => {
  it('follows the table, chains its history and stops at a terminal state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 8 }), (events) => {
        const transfer = newTransfer();
        const history: Transition[] = [];
        let model: TransferStatus = 'pending';
        for (const event of events) {
          const next: TransferStatus | undefined = ALLOWED[`${model}/${event}`];
          if (next) {
            history.push(fire(transfer, event));
            model = next;
          } else {
            expect(() => fire(transfer, event)).toThrow(InvalidTransitionError);
          }
          expect(transfer.status).toBe(model);
        }
        history.forEach((t, i) => {
          expect(t.from).toBe(i === 0 ? 'pending' : history[i - 1].to);
        });
        expect(history.length).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe('raiseForReconciliation', () => {
  it('flags a confirmed transfer once, keeping the first reason, and leaves its status and time alone', () => {
    const transfer = newTransfer();
    transfer.confirm(later, BY_CREDITOR);
    const raisedAt = new Date('2026-11-21T14:40:00Z');
    expect(transfer.raiseForReconciliation('ACK_OVERDUE', raisedAt, 'hub', 'no ack')).toEqual({
      reason: 'ACK_OVERDUE',
      raisedAt,
    });
    expect(transfer.raiseForReconciliation('UNKNOWN_TRANSFER', new Date(), 'hub', 'no ack')).toBeUndefined();
    expect(transfer.snapshot).toMatchObject({
      status: 'confirmed',
      updatedAt: later,
      reconciliation: { reason: 'ACK_OVERDUE', raisedAt },
    });
  });

  it('may flag a pending or completed transfer', () => {
    const pending = newTransfer();
    expect(pending.raiseForReconciliation('UNKNOWN_TRANSFER', later, 'hub', 'no ack')?.reason).toBe(
      'UNKNOWN_TRANSFER',
    );
    const completed = newTransfer();
    completed.confirm(later, BY_CREDITOR);
    completed.complete(later, BY_DEBTOR);
    expect(completed.raiseForReconciliation('UNKNOWN_TRANSFER', later, 'hub', 'no ack')).toBeDefined();
  });

  it('refuses a rejected transfer as a bug: no money moved, there is nothing to put right', () => {
    const transfer = newTransfer();
    transfer.reject('DEADLINE_EXCEEDED', later, 'hub');
    expect(() => transfer.raiseForReconciliation('UNKNOWN_TRANSFER', later, 'hub', 'no ack')).toThrow(
      InvariantViolation,
    );
    expect(transfer.snapshot.reconciliation).toBeUndefined();
  });
});
