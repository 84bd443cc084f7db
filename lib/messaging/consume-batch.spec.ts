import { unreadable } from './consume-batch';
import type { ConsumedMessage } from './consumed-message';

const BYTES_MAX = 64 * 1024;

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
    expect(unreadable(message(Buffer.from('x'), TYPE), TYPE, BYTES_MAX)).toBeUndefined();
    expect(unreadable(message(Buffer.from('x')), TYPE, BYTES_MAX)).toBeUndefined();
    expect(unreadable(message(Buffer.alloc(BYTES_MAX), TYPE), TYPE, BYTES_MAX)).toBeUndefined();
  });

  it.each([
    ['one byte over the limit', message(Buffer.alloc(BYTES_MAX + 1), TYPE), /^OVERSIZED: 65537 bytes/],
    [
      'another topic’s type',
      message(Buffer.from('x'), 'codepix.v1.TransferReply'),
      /^WRONG_TOPIC: a codepix\.v1\.TransferReply does not belong on p\.transactions$/,
    ],
    ['an empty value', message(Buffer.alloc(0), TYPE), /^UNDECODABLE: empty message$/],
    ['no value at all', message(null), /^UNDECODABLE: empty message$/],
  ])('refuses %s with its reason', (_, m, reason) => {
    expect(unreadable(m, TYPE, BYTES_MAX)).toMatch(reason);
  });
});
