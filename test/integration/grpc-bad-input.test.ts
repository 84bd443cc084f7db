import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import fc from 'fast-check';
import {
  BankServiceService,
  DeactivateBankRequest,
  ListBanksRequest,
  RegisterBankRequest,
} from '../../src/gen/codepix/v1/bank';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import {
  DeletePixKeyRequest,
  FindPixKeyRequest,
  ListPixKeysRequest,
  PixKeyServiceService,
  RegisterPixKeyRequest,
} from '../../src/gen/codepix/v1/pix_key';
import {
  FundSettlementAccountRequest,
  GetSettlementAccountRequest,
  GetTransferRequest,
  ListTransfersRequest,
  SetNetDebitCapRequest,
  TransferServiceService,
} from '../../src/gen/codepix/v1/transfer';
import { Timestamp } from '../../src/gen/google/protobuf/timestamp';
import { call } from '../support/grpc-call';
import { startTestHub, type TestHub } from '../support/test-hub';
import { vectors } from '../support/vectors';

/**
 * Bad input at the hub's gRPC door: random, malformed and undecodable requests to every method of every
 * service. Whatever comes in, the answer is a fitting status with a stable code (INVALID_ARGUMENT naming
 * the field), never UNKNOWN or INTERNAL, and the hub keeps serving.
 */
const ACTIVE = '11111111';
const OTHER = '22222222';
const INACTIVE = '33333333';
const RUNS = { typed: 120, wire: 50, raw: 50 };

/** Statuses that fit bad input; UNKNOWN, INTERNAL, UNAVAILABLE and the like never do. */
const FITTING = new Set<status>([
  status.OK,
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.ALREADY_EXISTS,
  status.FAILED_PRECONDITION,
  status.PERMISSION_DENIED,
]);

let t: TestHub;
let raw: Client;

interface Answer {
  code: status;
  details: string;
  metadata?: Metadata;
}

/** One unary call with the request as bytes: nothing stands between the fuzzer and the server's decoder. */
function rawCall(path: string, bytes: Uint8Array): Promise<Answer> {
  return new Promise((resolve) => {
    raw.makeUnaryRequest<Buffer, Buffer>(
      path,
      (b) => b,
      (b) => b,
      Buffer.from(bytes),
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (error: ServiceError | null) =>
        resolve(
          error
            ? { code: error.code, details: error.details, metadata: error.metadata }
            : { code: status.OK, details: '' },
        ),
    );
  });
}

function expectFitting(path: string, answer: Answer): void {
  const trailer = (key: string) => answer.metadata?.get(key)[0]?.toString();
  const seen = `${path} answered ${status[answer.code]} "${answer.details}"`;
  if (!FITTING.has(answer.code)) throw new Error(`${seen}: not a fitting status for bad input`);
  if (answer.code === status.OK) return;
  if (!trailer('codepix-error-code')) throw new Error(`${seen}: no codepix-error-code trailer`);
  if (answer.code !== status.INVALID_ARGUMENT) return;
  const field = trailer('codepix-field');
  if (!field) throw new Error(`${seen}: INVALID_ARGUMENT without a codepix-field trailer`);
  if (!answer.details.startsWith(`${field}: `))
    throw new Error(`${seen}: the message does not name ${field}`);
}

// ---- values: near-valid ones, so calls reach deep into the use cases, and hostile ones ----

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 8,
});
const hostileString = fc.oneof(
  fc.constant(''),
  fc.constantFrom(' ', '\u0000', '\ud800', '\u202e', '🙂', 'null', '%00', "'; DROP TABLE banks; --", '../..'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  controlChars,
  fc.tuple(fc.string({ maxLength: 8 }), controlChars, fc.string({ maxLength: 8 })).map((p) => p.join('')),
  fc.string({ minLength: 1000, maxLength: 4000 }),
  fc.stringMatching(/^\d{1,30}$/),
  fc.stringMatching(/^ ?\d{8} ?$/),
);
/** What a field may hold: values that pass validation (mostly), and values that should not. */
interface Field {
  valid: fc.Arbitrary<unknown>;
  hostile: fc.Arbitrary<unknown>;
}
const text = (...valid: fc.Arbitrary<string>[]): Field => ({
  valid: fc.oneof(...valid),
  hostile: hostileString,
});

const INT64 = fc.oneof(
  fc.constantFrom(0n, 1n, -1n, INT64_MAX, INT64_MIN, INT64_MAX - 1n, 2n ** 53n + 1n, 10n ** 17n + 1n),
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
);
const INT32 = fc.oneof(
  fc.constantFrom(0, -1, 501, 2 ** 31 - 1, -(2 ** 31)),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
);
/** The known values of an enum, and numbers it does not have. */
const enumField = (max: number): Field => ({ valid: fc.integer({ min: 1, max }), hostile: INT32 });

const ispb = text(fc.constantFrom(ACTIVE, OTHER, INACTIVE, '99999999'));
const pixKey = text(
  fc.constantFrom(
    ...vectors.cpf.valid,
    ...vectors.cnpj.valid,
    ...vectors.email.valid,
    ...vectors.phone.valid,
  ),
  fc.uuid().map(String),
  fc.emailAddress(),
);

/**
 * Each request field by field: all of them near-valid or hostile (some missing), or all valid but one,
 * hostile or missing, so the bad field meets the use case with nothing else in its way.
 */
const message = (model: Record<string, Field>) => {
  const names = Object.keys(model);
  const valid = Object.fromEntries(names.map((n) => [n, model[n].valid]));
  const mixed = fc.record(
    Object.fromEntries(
      names.map((n) => [
        n,
        fc.oneof({ arbitrary: model[n].valid, weight: 3 }, { arbitrary: model[n].hostile, weight: 2 }),
      ]),
    ),
    { requiredKeys: [] },
  );
  if (names.length === 0) return mixed;
  const oneBad = fc
    .constantFrom(...names)
    .chain((bad) => fc.record({ ...valid, [bad]: fc.option(model[bad].hostile, { nil: undefined }) }));
  return fc.oneof(mixed, oneBad);
};

const accountModel: Record<string, Field> = {
  branch: text(fc.constantFrom('1', '0001')),
  number: text(fc.stringMatching(/^\d{1,20}$/)),
  type: enumField(AccountType.ACCOUNT_TYPE_TRAN),
  ownerName: text(fc.constantFrom('Maria Souza', 'ACME Ltda')),
  ownerTaxId: text(fc.constantFrom(...vectors.cpf.valid, ...vectors.cnpj.valid)),
};
const account: Field = {
  valid: fc.record(Object.fromEntries(Object.entries(accountModel).map(([n, f]) => [n, f.valid]))),
  hostile: fc.option(message(accountModel), { nil: undefined }),
};

/** A message in the generated code's shape, encoded by the generated code; missing fields take defaults. */
const encoded = <T>(
  fns: { encode(m: T): { finish(): Uint8Array }; fromPartial(o: never): T },
  model: { [K in keyof T]?: Field },
) =>
  message(model as Record<string, Field>).map((partial) =>
    fns.encode(fns.fromPartial(partial as never)).finish(),
  );

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

/**
 * Requests of each method's own type. Typed per service from the generated definitions, so a method
 * added to the proto without an entry here does not compile.
 */
const TYPED: {
  [S in keyof typeof SERVICES]: { [M in keyof (typeof SERVICES)[S]]: fc.Arbitrary<Uint8Array> };
} = {
  BankService: {
    registerBank: encoded(RegisterBankRequest, {
      ispb: text(fc.stringMatching(/^\d{8}$/), fc.constantFrom(ACTIVE)),
      name: text(fc.constantFrom('Banco Novo', ' Banco  Novo ')),
    }),
    listBanks: encoded(ListBanksRequest, {}),
    deactivateBank: encoded(DeactivateBankRequest, { ispb: text(fc.constantFrom('99999999', '44444444')) }),
  },
  PixKeyService: {
    registerPixKey: encoded(RegisterPixKeyRequest, {
      ispb,
      kind: enumField(KeyKind.KEY_KIND_EVP),
      key: pixKey,
      account,
    }),
    findPixKey: encoded(FindPixKeyRequest, { ispb, key: pixKey }),
    deletePixKey: encoded(DeletePixKeyRequest, { ispb, key: pixKey }),
    listPixKeys: encoded(ListPixKeysRequest, {
      ispb,
      branch: text(fc.constantFrom('1', '0001')),
      accountNumber: text(fc.stringMatching(/^\d{1,20}$/)),
    }),
  },
  TransferService: {
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
  },
};

/** Well-formed protobuf wire of the wrong shape: known and unknown field numbers with any wire type. */
const wireField = fc.oneof(
  fc
    .record({ no: fc.integer({ min: 1, max: 8 }), value: INT64 })
    .map(({ no, value }) => (w: BinaryWriter) => {
      w.uint32(no << 3).int64(value);
    }),
  fc
    .record({ no: fc.integer({ min: 1, max: 8 }), bytes: fc.uint8Array({ maxLength: 64 }) })
    .map(({ no, bytes }) => (w: BinaryWriter) => {
      w.uint32((no << 3) | 2).bytes(bytes);
    }),
  fc
    .record({ no: fc.integer({ min: 1, max: 8 }), text: hostileString })
    .map(({ no, text }) => (w: BinaryWriter) => {
      w.uint32((no << 3) | 2).string(text);
    }),
  fc.record({ no: fc.integer({ min: 1, max: 8 }), n: fc.integer() }).map(({ no, n }) => (w: BinaryWriter) => {
    w.uint32((no << 3) | 5).sfixed32(n);
  }),
  fc.record({ no: fc.integer({ min: 1, max: 8 }), n: INT64 }).map(({ no, n }) => (w: BinaryWriter) => {
    w.uint32((no << 3) | 1).sfixed64(n);
  }),
  fc.integer({ min: 9, max: 2 ** 29 - 1 }).map((no) => (w: BinaryWriter) => {
    w.uint32((no << 3) >>> 0).uint32(7);
  }),
);
const wire = fc.array(wireField, { maxLength: 12 }).map((writes) => {
  const w = new BinaryWriter();
  for (const write of writes) write(w);
  return w.finish();
});

/** Bytes that are not protobuf at all, or a valid request cut short or with bytes flipped. */
const undecodable = (typed: fc.Arbitrary<Uint8Array>) =>
  fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 4096 }),
    fc.constantFrom(
      Uint8Array.of(0xff),
      Uint8Array.of(0x0a, 0x05, 0x41), // a string field longer than what follows
      Uint8Array.of(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), // an 11-byte varint
      Uint8Array.of(0x0f), // wire type 7
      Uint8Array.of(0x0b), // a start-group never ended
      Uint8Array.of(0x00), // field number 0
      Uint8Array.of(0x22, 0x02, 0xff, 0xff), // a nested message of garbage
    ),
    fc
      .tuple(
        typed,
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      )
      .map(([bytes, cut, flips]) => {
        const out = Uint8Array.from(bytes.subarray(0, bytes.length ? cut % (bytes.length + 1) : 0));
        for (const [at, value] of flips) if (out.length) out[at % out.length] = value;
        return out;
      }),
  );

const SERVICES = {
  BankService: BankServiceService,
  PixKeyService: PixKeyServiceService,
  TransferService: TransferServiceService,
};

/** Every method of every service, from the generated definitions. */
const METHODS = Object.entries(SERVICES).flatMap(([service, definition]) =>
  Object.entries(definition).map(([method, { path, requestDeserialize }]) => {
    const typed = (TYPED as Record<string, Record<string, fc.Arbitrary<Uint8Array>>>)[service][method];
    const decodes = (bytes: Uint8Array) => {
      try {
        requestDeserialize(Buffer.from(bytes));
        return true;
      } catch {
        return false;
      }
    };
    return [service, method, path, typed, decodes] as const;
  }),
);

beforeAll(async () => {
  t = await startTestHub('grpc_bad_input');
  raw = new Client(t.address, credentials.createInsecure());
  for (const [ispb, name] of [
    [ACTIVE, 'Banco Azul'],
    [OTHER, 'Banco Verde'],
    [INACTIVE, 'Banco Fechado'],
  ]) {
    await call(t.banks, t.banks.registerBank, { ispb, name });
  }
  await call(t.banks, t.banks.deactivateBank, { ispb: INACTIVE });
  // Something to find, delete and list, so random calls get past "not found" now and then.
  for (const [i, key] of vectors.email.valid.slice(0, 3).entries()) {
    await call(t.keys, t.keys.registerPixKey, {
      ispb: i === 2 ? OTHER : ACTIVE,
      kind: KeyKind.KEY_KIND_EMAIL,
      key,
      account: {
        branch: '1',
        number: String(100 + i),
        type: AccountType.ACCOUNT_TYPE_CACC,
        ownerName: 'Maria Souza',
        ownerTaxId: vectors.cpf.valid[0],
      },
    });
  }
  await call(t.transfers, t.transfers.fundSettlementAccount, {
    ispb: ACTIVE,
    amount: 10n ** 9n,
    idempotencyKey: '',
  });
}, 60_000);

afterAll(async () => {
  raw?.close();
  await t?.stop();
});

it('covers every method of the three services', () => {
  expect(METHODS.map(([service, method]) => `${service}.${method}`)).toEqual([
    'BankService.registerBank',
    'BankService.listBanks',
    'BankService.deactivateBank',
    'PixKeyService.registerPixKey',
    'PixKeyService.findPixKey',
    'PixKeyService.deletePixKey',
    'PixKeyService.listPixKeys',
    'TransferService.getTransfer',
    'TransferService.listTransfers',
    'TransferService.fundSettlementAccount',
    'TransferService.getSettlementAccount',
    'TransferService.setNetDebitCap',
  ]);
  for (const [, , , typed] of METHODS) expect(typed).toBeDefined();
});

describe.each(METHODS)('%s.%s', (_service, _method, path, typed, decodes) => {
  it('answers random field values and missing fields with a fitting status', async () => {
    await fc.assert(
      fc.asyncProperty(typed, async (bytes) => expectFitting(path, await rawCall(path, bytes))),
      { numRuns: RUNS.typed },
    );
  });

  it('answers well-formed protobuf of the wrong shape with a fitting status', async () => {
    await fc.assert(
      fc.asyncProperty(wire, async (bytes) => expectFitting(path, await rawCall(path, bytes))),
      { numRuns: RUNS.wire },
    );
  });

  it('answers bytes that do not decode with INVALID_ARGUMENT', async () => {
    await fc.assert(
      fc.asyncProperty(undecodable(typed), async (bytes) => {
        const answer = await rawCall(path, bytes);
        expectFitting(path, answer);
        if (!decodes(bytes) && answer.code !== status.INVALID_ARGUMENT) {
          throw new Error(`${path} answered ${status[answer.code]} to bytes that do not decode`);
        }
      }),
      { numRuns: RUNS.raw },
    );
  });
});

it('stays up: health SERVING and a valid call still succeed', async () => {
  // grpc.health.v1.HealthCheckResponse { status: SERVING (1) } is the two bytes 08 01.
  const health = await new Promise<Buffer>((resolve, reject) =>
    raw.makeUnaryRequest<Buffer, Buffer>(
      '/grpc.health.v1.Health/Check',
      (b) => b,
      (b) => b,
      Buffer.alloc(0),
      (error, response) => (error || !response ? reject(error) : resolve(response)),
    ),
  );
  expect([...health]).toEqual([0x08, 0x01]);
  const { banks } = await call(t.banks, t.banks.listBanks, {});
  expect(banks.map((b) => b.ispb)).toEqual(expect.arrayContaining([ACTIVE, OTHER, INACTIVE]));
  const settlement = await call(t.transfers, t.transfers.getSettlementAccount, { ispb: ACTIVE });
  expect(settlement.ispb).toBe(ACTIVE);
});
