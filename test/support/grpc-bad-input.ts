import { type ChannelCredentials, Client, credentials, status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import { ACTIVE, INACTIVE, OTHER, undecodable, wire } from './grpc-bad-input-arbitraries';
import { call } from './grpc-call';
import { type RawAnswer, rawCall, rawHealthCheck } from './raw-grpc';
import { startTestHub, type TestHub } from './test-hub';
import { bankCredentials, foreignCredentials, operatorCredentials, testPkiCa } from './test-identities';
import { vectors } from './vectors';

/**
 * The properties of test/integration/grpc-bad-input-*.test.ts, one file per service: random, malformed
 * and undecodable requests to every method. Whatever comes in, the answer is a fitting status with a
 * stable code (INVALID_ARGUMENT naming the field), never UNKNOWN or INTERNAL, and the hub keeps serving.
 */
const RUNS = { typed: 120, wire: 50, raw: 50, identity: 40 };

/** Statuses that fit bad input; UNKNOWN, INTERNAL, UNAVAILABLE and the like never do. */
const FITTING = new Set<status>([
  status.OK,
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.ALREADY_EXISTS,
  status.FAILED_PRECONDITION,
  status.PERMISSION_DENIED,
]);

function expectFitting(path: string, answer: RawAnswer): void {
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

type Definition = Record<string, { path: string; requestDeserialize(bytes: Buffer): unknown }>;

/**
 * Requests of each method's own type, keyed like the generated service definition, so a method added
 * to the proto without an entry does not compile.
 */
export type TypedRequests<D extends Definition> = { [M in keyof D]: fc.Arbitrary<Uint8Array> };

/** Every method of the service, from the generated definition: name, path, requests, and a decode check. */
export function methodsOf<D extends Definition>(service: string, definition: D, typed: TypedRequests<D>) {
  return Object.entries(definition).map(([method, { path, requestDeserialize }]) => {
    const decodes = (bytes: Uint8Array) => {
      try {
        requestDeserialize(Buffer.from(bytes));
        return true;
      } catch {
        return false;
      }
    };
    return [service, method, path, typed[method] as fc.Arbitrary<Uint8Array>, decodes] as const;
  });
}

/** Who a fuzzed request comes from: the one who may call the method, or a forged or missing identity. */
type Caller = 'rightful' | 'other bank' | 'operator' | 'no certificate' | 'foreign authority';
const CALLERS: Caller[] = ['rightful', 'other bank', 'operator', 'no certificate', 'foreign authority'];

export interface BadInputHub {
  readonly t: TestHub;
  /**
   * A client that sends and takes bytes, for requests the generated code would not make, as `caller`:
   * for a directory method the rightful caller is a bank (ACTIVE); for the others, the operator.
   */
  raw(path: string, caller?: Caller): Client;
}

/**
 * A hub of the test file's own, started in beforeAll with three banks (one inactive), a few keys and
 * a funded settlement account, so random calls get past "not found" now and then.
 */
export function useBadInputHub(name: string): BadInputHub {
  let t: TestHub;
  const clients = new Map<Caller | 'bank', Client>();
  beforeAll(async () => {
    t = await startTestHub(name);
    const made: [Caller | 'bank', ChannelCredentials][] = [
      ['bank', await bankCredentials(ACTIVE)],
      ['other bank', await bankCredentials(OTHER)],
      ['operator', operatorCredentials()],
      ['no certificate', credentials.createSsl(testPkiCa())],
      ['foreign authority', await foreignCredentials()],
    ];
    for (const [caller, creds] of made) clients.set(caller, new Client(t.address, creds));
    for (const [ispb, bankName] of [
      [ACTIVE, 'Banco Azul'],
      [OTHER, 'Banco Verde'],
      [INACTIVE, 'Banco Fechado'],
    ]) {
      await call(t.banks, t.banks.registerBank, { ispb, name: bankName });
    }
    await call(t.banks, t.banks.deactivateBank, { ispb: INACTIVE });
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
    for (const client of clients.values()) client.close();
    await t?.stop();
  });
  return {
    get t() {
      return t;
    },
    raw: (path, caller = 'rightful') => {
      const rightful = path.startsWith('/codepix.v1.PixKeyService/') ? 'bank' : 'operator';
      return clients.get(caller === 'rightful' ? rightful : caller) as Client;
    },
  };
}

/**
 * Without a certificate of the hub's authority nothing of the request is read: UNAUTHENTICATED with
 * an AUTH code, whatever the bytes.
 */
function expectAuthenticated(path: string, caller: Caller, answer: RawAnswer): void {
  if (caller !== 'no certificate' && caller !== 'foreign authority') {
    expectFitting(path, answer);
    return;
  }
  const code = answer.metadata?.get('codepix-error-code')[0]?.toString() ?? '';
  if (answer.code !== status.UNAUTHENTICATED || !code.startsWith('AUTH.')) {
    throw new Error(`${path} answered ${status[answer.code]} "${answer.details}" (${code}) to ${caller}`);
  }
}

/**
 * The four properties, for each method: typed requests, wire of the wrong shape, bytes that do not
 * decode, and typed requests from a forged, missing or wrong identity.
 */
export function describeBadInput(at: BadInputHub, methods: ReturnType<typeof methodsOf>): void {
  describe.each(methods)('%s.%s', (_service, _method, path, typed, decodes) => {
    it('answers random field values and missing fields with a fitting status', async () => {
      await fc.assert(
        fc.asyncProperty(typed, async (bytes) =>
          expectFitting(path, await rawCall(at.raw(path), path, bytes)),
        ),
        { numRuns: RUNS.typed },
      );
    });

    it('answers well-formed protobuf of the wrong shape with a fitting status', async () => {
      await fc.assert(
        fc.asyncProperty(wire, async (bytes) =>
          expectFitting(path, await rawCall(at.raw(path), path, bytes)),
        ),
        { numRuns: RUNS.wire },
      );
    });

    it('answers forged, missing and wrong identities with UNAUTHENTICATED or a fitting status', async () => {
      await fc.assert(
        fc.asyncProperty(typed, fc.constantFrom(...CALLERS), async (bytes, caller) =>
          expectAuthenticated(path, caller, await rawCall(at.raw(path, caller), path, bytes)),
        ),
        { numRuns: RUNS.identity },
      );
    });

    it('answers bytes that do not decode with INVALID_ARGUMENT', async () => {
      await fc.assert(
        fc.asyncProperty(undecodable(typed), async (bytes) => {
          const answer = await rawCall(at.raw(path), path, bytes);
          expectFitting(path, answer);
          if (!decodes(bytes) && answer.code !== status.INVALID_ARGUMENT) {
            throw new Error(`${path} answered ${status[answer.code]} to bytes that do not decode`);
          }
        }),
        { numRuns: RUNS.raw },
      );
    });
  });
}

/** After the fuzzing: health says SERVING and valid calls still succeed. */
export async function expectStaysUp({ t, raw }: BadInputHub): Promise<void> {
  // grpc.health.v1.HealthCheckResponse { status: SERVING (1) } is the two bytes 08 01.
  expect([...(await rawHealthCheck(raw('/grpc.health.v1.Health/Check')))]).toEqual([0x08, 0x01]);
  const { banks } = await call(t.banks, t.banks.listBanks, {});
  expect(banks.map((b) => b.ispb)).toEqual(expect.arrayContaining([ACTIVE, OTHER, INACTIVE]));
  const settlement = await call(t.transfers, t.transfers.getSettlementAccount, { ispb: ACTIVE });
  expect(settlement.ispb).toBe(ACTIVE);
}
