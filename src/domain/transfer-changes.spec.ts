import { EndToEndId } from './end-to-end-id';
import { Ispb } from './ispb';
import { Money } from './money';
import { type Actor, InvalidTransitionError, Transfer } from './transfer';

const createdAt = new Date('2026-11-21T14:30:00Z');
const later = new Date('2026-11-21T14:30:05Z');
const BY_DEBTOR: Actor = 'bank:11111111';
const BY_CREDITOR: Actor = 'bank:22222222';

function newTransfer(): Transfer {
  const account = { branch: '0001', number: '99999', ownerName: 'Joao Lima' };
  return Transfer.open(
    {
      id: EndToEndId.create('E1111111120261121143012345abcdeF'),
      debtorIspb: Ispb.create('11111111'),
      debtorAccount: account,
      creditorIspb: Ispb.create('22222222'),
      creditorAccount: { ...account, number: '12345' },
      creditorKey: 'maria@example.com',
      amount: Money.fromCents(1500n),
      description: 'lunch',
      deadline: new Date('2026-11-21T14:30:10Z'),
      createdAt,
    },
    BY_DEBTOR,
  );
}

const inStatus = (status: 'confirmed') =>
  Transfer.restore({ ...newTransfer().snapshot, status, updatedAt: createdAt, settledAt: createdAt });

describe('the changes a transfer keeps for its unit of work', () => {
  it('records its creation, each transition and its raise, with who made them, until taken', () => {
    const transfer = newTransfer();
    transfer.confirm(later, BY_CREDITOR);
    transfer.raiseForReconciliation('UNKNOWN_TRANSFER', later, BY_DEBTOR, 'never sent it');
    expect(transfer.takeChanges()).toEqual([
      { kind: 'transition', from: null, to: 'pending', by: BY_DEBTOR, at: createdAt },
      { kind: 'transition', from: 'pending', to: 'confirmed', reason: undefined, by: BY_CREDITOR, at: later },
      {
        kind: 'raised',
        reconciliation: { reason: 'UNKNOWN_TRANSFER', raisedAt: later },
        by: BY_DEBTOR,
        detail: 'never sent it',
      },
    ]);
    expect(transfer.takeChanges()).toEqual([]);
  });

  it('records nothing for a refused transition or a second raise, and a restored transfer starts clean', () => {
    const transfer = inStatus('confirmed');
    expect(() => transfer.reject('DEADLINE_EXCEEDED', later, 'hub')).toThrow(InvalidTransitionError);
    transfer.raiseForReconciliation('ACK_OVERDUE', later, 'hub', 'first');
    transfer.takeChanges();
    transfer.raiseForReconciliation('UNKNOWN_TRANSFER', later, 'hub', 'second');
    expect(transfer.takeChanges()).toEqual([]);
  });
});
