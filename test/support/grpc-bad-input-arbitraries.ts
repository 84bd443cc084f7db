import { BinaryWriter } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import { AccountType } from '../../src/gen/codepix/v1/common';
import { vectors } from './vectors';

/**
 * Values for fuzzing the hub's gRPC door (test/integration/grpc-bad-input-*.test.ts): near-valid ones,
 * so calls reach deep into the use cases, and hostile ones.
 */

/** The banks every bad-input hub is seeded with (see grpc-bad-input.ts). */
export const ACTIVE = '11111111';
export const OTHER = '22222222';
export const INACTIVE = '33333333';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 8,
});
export const hostileString = fc.oneof(
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
export interface Field {
  valid: fc.Arbitrary<unknown>;
  hostile: fc.Arbitrary<unknown>;
}
export const text = (...valid: fc.Arbitrary<string>[]): Field => ({
  valid: fc.oneof(...valid),
  hostile: hostileString,
});

export const INT64 = fc.oneof(
  fc.constantFrom(0n, 1n, -1n, INT64_MAX, INT64_MIN, INT64_MAX - 1n, 2n ** 53n + 1n, 10n ** 17n + 1n),
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
);
export const INT32 = fc.oneof(
  fc.constantFrom(0, -1, 501, 2 ** 31 - 1, -(2 ** 31)),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
);
/** The known values of an enum, and numbers it does not have. */
export const enumField = (max: number): Field => ({ valid: fc.integer({ min: 1, max }), hostile: INT32 });

export const ispb = text(fc.constantFrom(ACTIVE, OTHER, INACTIVE, '99999999'));
export const pixKey = text(
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
export const message = (model: Record<string, Field>) => {
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

/** A message in the generated code's shape, encoded by the generated code; missing fields take defaults. */
export const encoded = <T>(
  fns: { encode(m: T): { finish(): Uint8Array }; fromPartial(o: never): T },
  model: { [K in keyof T]?: Field },
) =>
  message(model as Record<string, Field>).map((partial) =>
    fns.encode(fns.fromPartial(partial as never)).finish(),
  );

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
export const wire = fc.array(wireField, { maxLength: 12 }).map((writes) => {
  const w = new BinaryWriter();
  for (const write of writes) write(w);
  return w.finish();
});

/** Bytes that are not protobuf at all, or a valid request cut short or with bytes flipped. */
export const undecodable = (typed: fc.Arbitrary<Uint8Array>) =>
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

const accountModel: Record<string, Field> = {
  branch: text(fc.constantFrom('1', '0001')),
  number: text(fc.stringMatching(/^\d{1,20}$/)),
  type: enumField(AccountType.ACCOUNT_TYPE_TRAN),
  ownerName: text(fc.constantFrom('Maria Souza', 'ACME Ltda')),
  ownerTaxId: text(fc.constantFrom(...vectors.cpf.valid, ...vectors.cnpj.valid)),
};

/** An account as a request names it (common.proto's Account): the one a key or a claim is for. */
export const account: Field = {
  valid: fc.record(Object.fromEntries(Object.entries(accountModel).map(([n, f]) => [n, f.valid]))),
  hostile: fc.option(message(accountModel), { nil: undefined }),
};
