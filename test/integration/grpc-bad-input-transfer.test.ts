import { BinaryWriter } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import {
  FundSettlementAccountRequest,
  GetSettlementAccountRequest,
  GetSettlementStatementRequest,
  GetTransferRequest,
  ListTransfersRequest,
  SetNetDebitCapRequest,
  TransferServiceService,
} from '../../src/gen/codepix/v1/transfer';
import { Timestamp } from '../../src/gen/google/protobuf/timestamp';
import { describeBadInput, expectStaysUp, methodsOf, useBadInputHub } from '../support/grpc-bad-input';
import {
  encoded,
  enumField,
  hostileString,
  INT32,
  INT64,
  ispb,
  text,
} from '../support/grpc-bad-input-arbitraries';
import { vectors } from '../support/vectors';

/**
 * Bad input at the hub's gRPC door, TransferService: random, malformed and undecodable requests to each
 * method get a fitting status with a stable code, never UNKNOWN or INTERNAL (test/support/grpc-bad-input.ts).
 */

/** Any Timestamp, including ones no Date can hold. */
const timestamp = fc.oneof(
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => ({
    seconds: BigInt(Math.floor(d.getTime() / 1000)),
    nanos: 0,
  })),
  fc.record({ seconds: INT64, nanos: INT32 }),
);
/** A page token: garbage, or base64url JSON shaped like (or almost like) the server's own cursor. */
const pageToken = fc.oneof(
  hostileString,
  fc
    .record(
      {
        createdAt: fc.oneof(
          hostileString,
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.constantFrom('1', '2026-13-01', 'Tue, 01 Jan 2019', '+275760-09-13T00:00:00.000Z'),
        ),
        id: fc.oneof(fc.constantFrom(...vectors.end_to_end_id.valid), hostileString),
      },
      { requiredKeys: [] },
    )
    .map((cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url')),
);

/** Appends a Timestamp field by hand: the generated code would only take a valid Date. */
const withTimestamps = (bytes: Uint8Array, stamps: [number, Timestamp | null][]) => {
  const w = new BinaryWriter();
  w.raw(bytes);
  for (const [fieldNo, stamp] of stamps) {
    if (stamp) Timestamp.encode(stamp, w.uint32((fieldNo << 3) | 2).fork()).join();
  }
  return w.finish();
};

const METHODS = methodsOf('TransferService', TransferServiceService, {
  getTransfer: encoded(GetTransferRequest, {
    endToEndId: { valid: fc.constantFrom(...vectors.end_to_end_id.valid), hostile: hostileString },
  }),
  listTransfers: fc
    .tuple(
      encoded(ListTransfersRequest, {
        ispb,
        status: enumField(4),
        pageSize: { valid: fc.integer({ min: 0, max: 500 }), hostile: INT32 },
        pageToken: { valid: fc.constant(''), hostile: pageToken },
      }),
      fc.option(timestamp),
      fc.option(timestamp),
    )
    .map(([bytes, from, to]) =>
      withTimestamps(bytes, [
        [3, from],
        [4, to],
      ]),
    ),
  fundSettlementAccount: encoded(FundSettlementAccountRequest, {
    ispb,
    amount: { valid: fc.bigInt({ min: 1n, max: 10n ** 12n }), hostile: INT64 },
    idempotencyKey: text(fc.uuid().map(String), fc.constant('')),
  }),
  getSettlementAccount: encoded(GetSettlementAccountRequest, { ispb }),
  setNetDebitCap: encoded(SetNetDebitCapRequest, {
    ispb,
    netDebitCap: { valid: fc.bigInt({ min: 0n, max: 10n ** 12n }), hostile: INT64 },
  }),
  getSettlementStatement: encoded(GetSettlementStatementRequest, {
    ispb,
    limit: { valid: fc.integer({ min: 0, max: 500 }), hostile: INT32 },
  }),
});

const hub = useBadInputHub('grpc_bad_input_transfer');

it('covers every method of TransferService', () => {
  expect(METHODS.map(([service, method]) => `${service}.${method}`)).toEqual([
    'TransferService.getTransfer',
    'TransferService.listTransfers',
    'TransferService.fundSettlementAccount',
    'TransferService.getSettlementAccount',
    'TransferService.setNetDebitCap',
    'TransferService.getSettlementStatement',
  ]);
  for (const [, , , typed] of METHODS) expect(typed).toBeDefined();
});

describeBadInput(hub, METHODS);

it('stays up: health SERVING and a valid call still succeed', () => expectStaysUp(hub));
