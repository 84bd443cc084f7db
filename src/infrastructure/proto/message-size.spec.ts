import {
  ACCOUNT_NUMBER_DIGITS_MAX,
  BRANCH_DIGITS_MAX,
  CREDITOR_KEY_CHARS_MAX,
  DESCRIPTION_CHARS_MAX,
  EndToEndId,
  INT64_MAX,
  Ispb,
  KAFKA_PARTITION_BATCH_BYTES_MAX,
  MESSAGE_BYTES_MAX,
  Money,
  OWNER_NAME_CHARS_MAX,
  REJECTION_DETAIL_CHARS_MAX,
  Transfer,
} from '../../domain';
import { TransferRequest } from '../../gen/codepix/v1/transfer';
import { encodeBankNotice } from './transfer-mapping';

/** Four bytes in UTF-8: the widest character a text may be made of. */
const wide = (chars: number) => '😀'.repeat(chars);
const at = new Date('2026-11-21T14:30:00Z');
const account = (name: string) => ({
  branch: '9'.repeat(BRANCH_DIGITS_MAX),
  number: '9'.repeat(ACCOUNT_NUMBER_DIGITS_MAX),
  ownerName: name,
});

/**
 * The largest messages the protocol defines, every text at its limit in the widest characters, stay
 * far under MESSAGE_BYTES_MAX (what limits.ts promises: under 4 KiB), so the limits cannot grow past
 * what a consumer reads without this failing.
 */
describe('the largest messages', () => {
  it('a BankMessage carrying a rejected transfer', () => {
    const transfer = Transfer.restore({
      id: EndToEndId.create('E1111111120261121143012345abcdeF'),
      debtorIspb: Ispb.create('11111111'),
      debtorAccount: account(wide(OWNER_NAME_CHARS_MAX)),
      creditorKey: wide(CREDITOR_KEY_CHARS_MAX),
      creditorIspb: Ispb.create('22222222'),
      creditorAccount: account(wide(OWNER_NAME_CHARS_MAX)),
      amount: Money.fromCents(INT64_MAX),
      description: wide(DESCRIPTION_CHARS_MAX),
      status: 'rejected',
      rejectionReason: 'DUPLICATE_MISMATCH',
      rejectionDetail: wide(REJECTION_DETAIL_CHARS_MAX),
      deadline: new Date(at.getTime() + 10_000),
      reconciliation: { reason: 'UNKNOWN_TRANSFER', raisedAt: at },
      createdAt: at,
      updatedAt: at,
    });
    const bytes = encodeBankNotice({ type: 'transfer', transfer }).length;
    expect(bytes).toBeLessThan(4 * 1024);
    expect(16 * MESSAGE_BYTES_MAX).toBeLessThanOrEqual(KAFKA_PARTITION_BATCH_BYTES_MAX);
  });

  it('a TransferRequest', () => {
    const bytes = TransferRequest.encode({
      endToEndId: 'E1111111120261121143012345abcdeF',
      debtorIspb: '11111111',
      debtorAccount: account(wide(OWNER_NAME_CHARS_MAX)),
      creditorKey: wide(CREDITOR_KEY_CHARS_MAX),
      amount: INT64_MAX,
      description: wide(DESCRIPTION_CHARS_MAX),
      txid: '',
      requestedAt: at,
    }).finish().length;
    expect(bytes).toBeLessThan(4 * 1024);
  });
});
