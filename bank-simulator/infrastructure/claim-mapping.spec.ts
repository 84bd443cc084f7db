import type { ConsumedMessage } from '../../lib/messaging/batch-consumer';
import { MESSAGE_TYPES } from '../../lib/messaging/topics';
import {
  type Claim,
  ClaimKind,
  ClaimReason,
  ClaimStatus,
  type ClaimTransition,
} from '../../src/gen/codepix/v1/claim';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import { BankMessage } from '../../src/gen/codepix/v1/transfer';
import { claimFromProto, claimKindToProto, claimReasonToProto } from './claim-mapping';
import { decodeInbound } from './proto-mapping';

const id = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const at = new Date('2026-11-21T14:30:00Z');
const side = (ispb: string, number: string) => ({
  ispb,
  branch: '0001',
  number,
  type: AccountType.ACCOUNT_TYPE_CACC,
  ownerName: 'Maria',
  ownerTaxIdMasked: '***.982.247-**',
});
const claim = (over: Partial<Claim> = {}): Claim => ({
  id,
  kind: ClaimKind.CLAIM_KIND_PORTABILITY,
  keyKind: KeyKind.KEY_KIND_EMAIL,
  key: 'maria@example.com',
  status: ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION,
  reason: ClaimReason.CLAIM_REASON_UNSPECIFIED,
  claimer: side('22222222', '7001'),
  donor: side('11111111', '1001'),
  resolutionEndsAt: new Date('2026-11-28T14:30:00Z'),
  createdAt: at,
  updatedAt: at,
  history: [],
  ...over,
});
const consumed = (value: Uint8Array): ConsumedMessage => ({
  topic: 'p.bank.11111111',
  partition: 0,
  offset: '7',
  messageId: 'm1',
  type: MESSAGE_TYPES.bankMessage,
  key: id,
  value: Buffer.from(value),
});
const notice = (c: Claim | undefined) => consumed(BankMessage.encode({ claim: { claim: c } }).finish());

describe('decodeInbound, claim notices', () => {
  it('decodes a claim notice in the bank’s names', () => {
    expect(decodeInbound(notice(claim()))).toMatchObject({
      messageId: 'm1',
      kind: 'claim',
      claim: {
        id,
        kind: 'portability',
        keyKind: 'email',
        key: 'maria@example.com',
        status: 'waiting_resolution',
        claimer: { ispb: '22222222', number: '7001', type: 'CACC' },
        donor: { ispb: '11111111', number: '1001' },
        resolutionEndsAt: new Date('2026-11-28T14:30:00Z'),
        createdAt: at,
        updatedAt: at,
        history: [],
      },
    });
    const cancelled = claim({
      status: ClaimStatus.CLAIM_STATUS_CANCELLED,
      reason: ClaimReason.CLAIM_REASON_DEFAULT_OPERATION,
    });
    expect(decodeInbound(notice(cancelled))).toMatchObject({
      claim: { status: 'cancelled', reason: 'DEFAULT_OPERATION' },
    });
    expect(decodeInbound(notice(claim({ resolutionEndsAt: undefined })))).not.toHaveProperty(
      'claim.resolutionEndsAt',
    );
  });

  it.each([
    ['no claim in the notice', undefined, 'claim: is required'],
    ['an id that is no UUID', claim({ id: 'c1' }), 'claim.id: must be a UUID in lower case'],
    ['an unknown kind', claim({ kind: 9 as ClaimKind }), 'claim.kind: unknown value 9'],
    ['an evp key', claim({ keyKind: KeyKind.KEY_KIND_EVP }), 'claim.key_kind: evp keys cannot be claimed'],
    [
      'a cpf key claimed for ownership',
      claim({ kind: ClaimKind.CLAIM_KIND_OWNERSHIP, keyKind: KeyKind.KEY_KIND_CPF }),
      'claim.key_kind: cpf keys cannot be claimed for ownership',
    ],
    ['no key', claim({ key: '' }), 'claim.key: is required'],
    ['an unknown status', claim({ status: ClaimStatus.CLAIM_STATUS_UNSPECIFIED }), 'claim.status: unknown'],
    ['an unknown reason', claim({ reason: 42 as ClaimReason }), 'claim.reason: unknown value 42'],
    ['no donor', claim({ donor: undefined }), 'claim.donor: is required'],
    ['a bad ISPB', claim({ claimer: side('2222', '7001') }), 'claim.claimer.ispb: must be 8 digits'],
    ['a bad account number', claim({ donor: side('11111111', '10-01') }), 'claim.donor.number: must be'],
    ['no update time', claim({ updatedAt: undefined }), 'claim.updated_at: is required'],
    [
      'an update before the creation',
      claim({ updatedAt: new Date('2026-11-21T14:29:59Z') }),
      'claim.updated_at: must not be before created_at',
    ],
    [
      'a time Postgres cannot hold',
      claim({ createdAt: new Date(-1), updatedAt: at }),
      'claim.created_at: must be a time from 1970 to 9999',
    ],
  ])('calls %s poison, naming the field, keeping the original', (_, bad, why) => {
    const message = notice(bad);
    expect(decodeInbound(message)).toMatchObject({
      kind: 'poison',
      reason: expect.stringContaining(`INVALID_FIELD: ${why}`),
      original: { offset: '7', topic: message.topic },
    });
  });
});

describe('claimFromProto', () => {
  it('reads a history oldest first, the opening with no from and no reason', () => {
    const step = (from: ClaimStatus, to: ClaimStatus, by: string, reason = 0): ClaimTransition => ({
      from,
      to,
      reason,
      by,
      at,
    });
    const read = claimFromProto(
      claim({
        history: [
          step(ClaimStatus.CLAIM_STATUS_UNSPECIFIED, ClaimStatus.CLAIM_STATUS_OPEN, 'bank:22222222'),
          step(ClaimStatus.CLAIM_STATUS_OPEN, ClaimStatus.CLAIM_STATUS_CANCELLED, 'hub', 4),
        ],
      }),
    );
    expect(read.history).toEqual([
      { to: 'open', by: 'bank:22222222', at },
      { from: 'open', to: 'cancelled', reason: 'DEFAULT_OPERATION', by: 'hub', at },
    ]);
    expect(() =>
      claimFromProto(claim({ history: [{ ...step(0, 9 as ClaimStatus, 'hub'), at: undefined }] })),
    ).toThrow('claim.history[0].to: unknown value 9');
  });

  it('writes kinds and reasons as the hub reads them', () => {
    expect(claimKindToProto('ownership')).toBe(ClaimKind.CLAIM_KIND_OWNERSHIP);
    expect(claimReasonToProto('ACCOUNT_CLOSURE')).toBe(ClaimReason.CLAIM_REASON_ACCOUNT_CLOSURE);
  });
});
