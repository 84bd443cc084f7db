import { type ConsumedMessage, MAX_MESSAGE_BYTES, unreadable } from './batch-consumer';

const TYPE = 'codepix.v1.TransferRequest';
const message = (value: Buffer | null, type?: string): ConsumedMessage => ({
  topic: 'p.transactions',
  partition: 0,
  offset: '7',
  messageId: 'm',
  type,
  value,
});

describe('unreadable', () => {
  it('hands on a message of its topic’s type, or with no type header', () => {
    expect(unreadable(message(Buffer.from('x'), TYPE), TYPE)).toBeUndefined();
    expect(unreadable(message(Buffer.from('x')), TYPE)).toBeUndefined();
    expect(unreadable(message(Buffer.alloc(MAX_MESSAGE_BYTES), TYPE), TYPE)).toBeUndefined();
  });

  it.each([
    [
      'one byte over the limit',
      message(Buffer.alloc(MAX_MESSAGE_BYTES + 1), TYPE),
      /^OVERSIZED: 65537 bytes/,
    ],
    [
      'another topic’s type',
      message(Buffer.from('x'), 'codepix.v1.TransferReply'),
      /^WRONG_TOPIC: a codepix\.v1\.TransferReply does not belong on p\.transactions$/,
    ],
    ['an empty value', message(Buffer.alloc(0), TYPE), /^UNDECODABLE: empty message$/],
    ['no value at all', message(null), /^UNDECODABLE: empty message$/],
  ])('refuses %s with its reason', (_, m, reason) => {
    expect(unreadable(m, TYPE)).toMatch(reason);
  });
});
