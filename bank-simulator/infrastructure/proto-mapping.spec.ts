import type { ConsumedMessage } from '../../lib/messaging/batch-consumer';
import { fingerprint } from '../../lib/messaging/inbox';
import { HEADERS, MESSAGE_TYPES, topicNames } from '../../lib/messaging/topics';
import { Money } from '../../src/domain';
import {
  BankMessage,
  RejectionReason,
  ReplyKind,
  TransferReply,
  TransferRequest,
  TransferStatus,
} from '../../src/gen/codepix/v1/transfer';
import { BankTransfer } from '../domain';
import { decodeInbound, toOutboxMessage } from './proto-mapping';

const topics = topicNames('p');
const id = 'E2222222220261121143000000000001';
const consumed = (value: Uint8Array | null, over: Partial<ConsumedMessage> = {}): ConsumedMessage => ({
  topic: 'p.bank.11111111',
  partition: 0,
  offset: '5',
  messageId: 'm1',
  type: MESSAGE_TYPES.bankMessage,
  key: id,
  value: value && Buffer.from(value),
  ...over,
});
const transfer = (status: TransferStatus, over: object = {}) =>
  BankMessage.encode({
    transfer: {
      endToEndId: id,
      status,
      debtorIspb: '22222222',
      creditorIspb: '11111111',
      creditorAccount: { branch: '0001', number: '1001', ownerName: 'Joao' },
      creditorKey: 'joao@example.com',
      amount: 150n,
      description: 'lunch',
      rejectionReason: 0,
      rejectionDetail: '',
      refundedAmount: 0n,
      debtorAccount: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      deadline: undefined,
      reconciliationReason: 0,
      reconciliationRaisedAt: undefined,
      txid: '',
      ...over,
    },
  }).finish();

describe('decodeInbound', () => {
  it('decodes a transfer with its status, creditor account, amount and reason', () => {
    expect(decodeInbound(consumed(transfer(TransferStatus.TRANSFER_STATUS_PENDING)))).toMatchObject({
      messageId: 'm1',
      kind: 'transfer',
      transfer: {
        endToEndId: id,
        status: 'pending',
        creditorAccount: { branch: '0001', number: '1001' },
        amount: Money.fromCents(150n),
      },
    });
    const rejected = transfer(TransferStatus.TRANSFER_STATUS_REJECTED, {
      rejectionReason: RejectionReason.REJECTION_REASON_KEY_NOT_FOUND,
      amount: 0n,
    });
    expect(decodeInbound(consumed(rejected))).toMatchObject({
      transfer: { status: 'rejected', reason: 'KEY_NOT_FOUND' },
    });
  });

  it('decodes a refused request', () => {
    const refused = BankMessage.encode({
      refused: { endToEndId: id, reason: RejectionReason.REJECTION_REASON_DUPLICATE_MISMATCH, detail: 'd' },
    }).finish();
    const message = consumed(refused);
    expect(decodeInbound(message)).toEqual({
      messageId: 'm1',
      fingerprint: fingerprint(message),
      original: message,
      kind: 'refused',
      endToEndId: id,
      reason: 'DUPLICATE_MISMATCH',
      detail: 'd',
    });
  });

  it('calls a refusal poison when its end-to-end id is malformed: it answers no request it can find', () => {
    const refused = BankMessage.encode({
      refused: { endToEndId: 'E1', reason: RejectionReason.REJECTION_REASON_INVALID_REQUEST, detail: 'd' },
    }).finish();
    expect(decodeInbound(consumed(refused))).toMatchObject({
      kind: 'poison',
      reason: expect.stringMatching(/^INVALID_FIELD: refused\.end_to_end_id: /),
    });
  });

  it('fingerprints the payload with the type, origin and key, not the message id', () => {
    const value = transfer(TransferStatus.TRANSFER_STATUS_PENDING);
    const a = decodeInbound(consumed(value));
    expect(decodeInbound(consumed(value, { messageId: 'other' })).fingerprint).toBe(a.fingerprint);
    expect(decodeInbound(consumed(value, { origin: 'hub' })).fingerprint).not.toBe(a.fingerprint);
    const amount = transfer(TransferStatus.TRANSFER_STATUS_PENDING, { amount: 151n });
    expect(decodeInbound(consumed(amount)).fingerprint).not.toBe(a.fingerprint);
  });

  it.each([
    ['garbage', consumed(new Uint8Array([0xff, 0xff, 0xff, 0xff]))],
    ['an empty value', consumed(null)],
    ['no body', consumed(BankMessage.encode({}).finish())],
    ['an unknown status', consumed(transfer(TransferStatus.TRANSFER_STATUS_UNSPECIFIED))],
    ['a bad end-to-end id', consumed(transfer(1, { endToEndId: 'E1' }))],
    ['a pending zero amount', consumed(transfer(1, { amount: 0n }))],
  ])('calls %s poison, keeping the original', (_, message) => {
    expect(decodeInbound(message)).toMatchObject({
      kind: 'poison',
      original: { offset: '5', topic: message.topic },
    });
  });
});

describe('toOutboxMessage', () => {
  it('sends a transfer request to the transactions topic, keyed by the end-to-end id', () => {
    const t = BankTransfer.start({
      endToEndId: id,
      direction: 'outgoing',
      account: '1001',
      counterpartyKey: 'joao@example.com',
      amount: Money.fromCents(150n),
      description: 'lunch',
      idempotencyKey: 'k',
      fingerprint: 'f',
      createdAt: new Date('2026-11-21T14:30:00Z'),
    });
    const debtor = { branch: '0001', number: '1001', ownerName: 'Maria' };
    const m = toOutboxMessage({ kind: 'transfer-request', transfer: t, debtor }, '22222222', topics);
    expect(m).toMatchObject({ topic: 'p.transactions', key: id, type: MESSAGE_TYPES.transferRequest });
    expect(TransferRequest.decode(m.payload)).toMatchObject({
      debtorIspb: '22222222',
      amount: 150n,
      debtorAccount: debtor,
    });
  });

  it('sends replies to the confirmations topic and poison to the DLQ with its reason and source', () => {
    const reply = toOutboxMessage(
      { kind: 'reply', endToEndId: id, reply: 'rejected', reason: 'CREDITOR_ACCOUNT_CLOSED' },
      '11111111',
      topics,
    );
    expect(reply.topic).toBe('p.confirmations');
    expect(TransferReply.decode(reply.payload)).toMatchObject({
      ispb: '11111111',
      kind: ReplyKind.REPLY_KIND_REJECTED,
      reason: RejectionReason.REJECTION_REASON_CREDITOR_ACCOUNT_CLOSED,
    });
    const original = {
      messageId: 'm',
      topic: 'p.bank.1',
      partition: 2,
      offset: '9',
      value: new Uint8Array([1]),
    };
    const dead = toOutboxMessage({ kind: 'dead-letter', reason: 'bad', original }, '11111111', topics);
    expect(dead).toMatchObject({
      topic: 'p.dlq',
      key: 'm',
      headers: {
        [HEADERS.dlqReason]: 'bad',
        [HEADERS.dlqSource]: 'p.bank.1/2/9',
        [HEADERS.dlqOrigin]: 'unknown',
        [HEADERS.dlqMessageId]: 'm',
      },
    });
  });
});
