import {
  ReconciliationReason,
  RefundReason,
  RejectionReason,
  type Transfer,
  TransferStatus,
} from '../src/gen/codepix/v1/transfer';
import {
  bankSnapshot,
  describeTransfer,
  hubSnapshot,
  isFinal,
  settlementAccountView,
  transfersTable,
  transferView,
} from './transfer-view';

const at = new Date('2026-01-31T14:30:00.250Z');
const transfer = (over: Partial<Transfer> = {}): Transfer => ({
  endToEndId: 'E1111111120260131143012345abcdeF',
  status: TransferStatus.TRANSFER_STATUS_COMPLETED,
  debtorIspb: '11111111',
  debtorAccount: { branch: '0001', number: '1', ownerName: 'Ana Costa' },
  creditorIspb: '22222222',
  creditorAccount: { branch: '0001', number: '7', ownerName: 'Carla Souza' },
  creditorKey: 'carla.souza@example.com',
  amount: 1234n,
  description: 'lunch',
  rejectionReason: RejectionReason.REJECTION_REASON_UNSPECIFIED,
  rejectionDetail: '',
  refundedAmount: 0n,
  createdAt: at,
  updatedAt: at,
  deadline: at,
  reconciliationReason: ReconciliationReason.RECONCILIATION_REASON_UNSPECIFIED,
  reconciliationRaisedAt: undefined,
  txid: '',
  ...over,
});

describe('transferView', () => {
  it('names the status in lower case and prints amounts as strings of cents', () => {
    expect(transferView(transfer())).toEqual({
      endToEndId: 'E1111111120260131143012345abcdeF',
      status: 'completed',
      debtorIspb: '11111111',
      debtorAccount: { branch: '0001', number: '1', ownerName: 'Ana Costa' },
      creditorIspb: '22222222',
      creditorAccount: { branch: '0001', number: '7', ownerName: 'Carla Souza' },
      creditorKey: 'carla.souza@example.com',
      amount: '1234',
      description: 'lunch',
      rejectionReason: null,
      rejectionDetail: '',
      createdAt: '2026-01-31T14:30:00.250Z',
      updatedAt: '2026-01-31T14:30:00.250Z',
      deadline: '2026-01-31T14:30:00.250Z',
      reconciliation: null,
      refundOf: null,
      refunded: '0',
      settledAt: null,
    });
  });

  it('shows a refund with its original, and an original with what was refunded', () => {
    const refund = transferView(
      transfer({
        endToEndId: 'D2222222220260131143012345abcdeF',
        creditorKey: '',
        refundOf: {
          originalEndToEndId: 'E1111111120260131143012345abcdeF',
          reason: RefundReason.REFUND_REASON_BE08,
        },
      }),
    );
    expect(refund.refundOf).toEqual({ endToEndId: 'E1111111120260131143012345abcdeF', reason: 'BE08' });
    expect(describeTransfer(refund)).toMatch(/^Refund of +E1111111120260131143012345abcdeF \(BE08\)$/m);
    const original = transferView(transfer({ refundedAmount: 1000n, settledAt: at }));
    expect([original.refunded, original.settledAt]).toEqual(['1000', '2026-01-31T14:30:00.250Z']);
    expect(describeTransfer(original)).toMatch(/^Refunded +R\$ 10.00$/m);
  });

  it('names a reconciliation reason without its proto prefix, and shows it to people', () => {
    const view = transferView(
      transfer({
        status: TransferStatus.TRANSFER_STATUS_CONFIRMED,
        reconciliationReason: ReconciliationReason.RECONCILIATION_REASON_ACK_OVERDUE,
        reconciliationRaisedAt: at,
      }),
    );
    expect(view.reconciliation).toEqual({ reason: 'ACK_OVERDUE', raisedAt: '2026-01-31T14:30:00.250Z' });
    expect(describeTransfer(view)).toMatch(/^Reconciliation +ACK_OVERDUE, raised /m);
  });

  it('names a rejection reason without its proto prefix, and a missing creditor as null', () => {
    const view = transferView(
      transfer({
        status: TransferStatus.TRANSFER_STATUS_REJECTED,
        rejectionReason: RejectionReason.REJECTION_REASON_KEY_NOT_FOUND,
        creditorIspb: '',
        creditorAccount: undefined,
        createdAt: undefined,
      }),
    );
    expect(view).toMatchObject({
      status: 'rejected',
      rejectionReason: 'KEY_NOT_FOUND',
      creditorAccount: null,
      createdAt: null,
    });
    expect(describeTransfer(view)).toMatch(/^Status +rejected \(KEY_NOT_FOUND\)$/m);
    expect(hubSnapshot(view)).toEqual({ status: 'rejected', at: view.updatedAt, reason: 'KEY_NOT_FOUND' });
  });
});

describe('snapshots and final states', () => {
  it('takes a bank record with its own time of change', () => {
    const record = {
      endToEndId: 'E1',
      direction: 'outgoing' as const,
      account: '1',
      amount: '1',
      description: '',
      status: 'pending' as const,
      createdAt: 'c',
      updatedAt: 'u',
    };
    expect(bankSnapshot(record)).toEqual({ status: 'pending', at: 'u' });
    expect(bankSnapshot({ ...record, status: 'rejected', reason: 'X' })).toEqual({
      status: 'rejected',
      at: 'u',
      reason: 'X',
    });
  });

  it('counts only completed and rejected as final', () => {
    expect(['pending', 'confirmed', 'completed', 'rejected', ''].map(isFinal)).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('settlementAccountView', () => {
  it('prints every amount as a string of cents', () => {
    expect(
      settlementAccountView({
        ispb: '11111111',
        balance: 100n,
        reserved: 20n,
        netDebitCap: 0n,
        available: 80n,
      }),
    ).toEqual({ ispb: '11111111', balance: '100', reserved: '20', netDebitCap: '0', available: '80' });
  });
});

describe('transfersTable', () => {
  it('puts each transfer on a line under the headers, with its amount in reais and any reason', () => {
    const rejected = transfer({
      endToEndId: 'E1111111120260131143112345abcdeG',
      status: TransferStatus.TRANSFER_STATUS_REJECTED,
      rejectionReason: RejectionReason.REJECTION_REASON_KEY_NOT_FOUND,
      creditorIspb: '',
      creditorKey: 'nobody@example.com',
      amount: 100000n,
    });
    const lines = transfersTable([transferView(transfer()), transferView(rejected)], { isTTY: false }).split(
      '\n',
    );
    expect(lines[0].split(/ {2,}/)).toEqual([
      'END-TO-END ID',
      'STATUS',
      'AMOUNT',
      'FROM',
      'TO',
      'CREATED',
      'UPDATED',
    ]);
    expect(lines[1]).toMatch(/^─+( {2}─+){6}$/);
    expect(lines.slice(2).map((line) => line.split(/ {2,}/))).toEqual([
      [
        'E1111111120260131143012345abcdeF',
        'completed',
        'R$ 12.34',
        '11111111 1',
        'carla.souza@example.com @ 22222222',
        '2026-01-31T14:30:00Z',
        '2026-01-31T14:30:00Z',
      ],
      [
        'E1111111120260131143112345abcdeG',
        'rejected (KEY_NOT_FOUND)',
        'R$ 1,000.00',
        '11111111 1',
        'nobody@example.com',
        '2026-01-31T14:30:00Z',
        '2026-01-31T14:30:00Z',
      ],
    ]);
    // Amounts right-aligned: the figures end in the same column.
    expect(lines[2].indexOf('R$ 12.34') + 'R$ 12.34'.length).toBe(
      lines[3].indexOf('R$ 1,000.00') + 'R$ 1,000.00'.length,
    );
  });
});
