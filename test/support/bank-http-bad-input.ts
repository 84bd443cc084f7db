import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { type BankHarness, startBankHarness } from './bank-harness';
import {
  body,
  fields,
  near,
  query,
  type Route,
  route,
  type Sent,
  segment,
  under,
} from './bank-http-bad-input-arbitraries';
import { type Answer, agent, send } from './raw-http';
import { vectors } from './vectors';

/**
 * The property of test/integration/bank-http-bad-input-*.test.ts and the routes it runs on: whatever
 * comes in, the answer is 2xx or a 4xx with a JSON reason (`code`, `message`, and `field` for a 400),
 * never a 5xx, and the bank keeps serving.
 */
const RUNS = 120;
export const CODE = /^[A-Z][A-Z_]*(\.[A-Z][A-Z_]*)+$/;
export const ISPB = '55555555';

/**
 * The property: 2xx, or 4xx with the JSON error shape of docs/bank-api.md; never 5xx. A 2xx is JSON,
 * except GET /metrics (the Prometheus text format), GET /events (a stream of events) and the web app's
 * page at `/`.
 */
function expectFitting(r: Sent, answer: Answer): void {
  const seen = `${r.method} ${r.path.slice(0, 200)} answered ${answer.status} ${answer.text.slice(0, 300)}`;
  if (answer.status >= 500 || answer.status < 200) throw new Error(`${seen}: not a fitting status`);
  if (r.method === 'HEAD' || answer.status === 204) return;
  if (answer.status < 300 && /^\/metrics\/?(\?|$)/.test(r.path)) {
    const prometheus = String(answer.headers['content-type']).startsWith('text/plain');
    if (!prometheus || !answer.text.includes('# TYPE codepix_'))
      throw new Error(`${seen}: not Prometheus text`);
    return;
  }
  // A path with a `..` segment (`/claims/..`) is resolved by the client before it is sent: to `/`, the
  // web app's page.
  const page = new URL(r.path, 'http://bank').pathname === '/';
  if (answer.status < 300 && page && String(answer.headers['content-type']).startsWith('text/html')) return;
  if (answer.status < 300 && /^\/events\/?(\?|$)/.test(r.path)) {
    if (!String(answer.headers['content-type']).startsWith('text/event-stream'))
      throw new Error(`${seen}: not an event stream`);
    return;
  }
  if (!String(answer.headers['content-type']).startsWith('application/json')) {
    throw new Error(`${seen}: not JSON`);
  }
  const body = JSON.parse(answer.text);
  if (answer.status < 400) return;
  const error = body?.error;
  if (typeof error?.code !== 'string' || !CODE.test(error.code)) throw new Error(`${seen}: no stable code`);
  if (typeof error.message !== 'string' || error.message === '') throw new Error(`${seen}: no message`);
  if (answer.status === 400 && (typeof error.field !== 'string' || error.field === '')) {
    throw new Error(`${seen}: a 400 that names no field`);
  }
}

/** Accounts made in beforeAll: `open` take money and keys, `closable` is for the close route. */
const accounts = { open: [] as string[], closable: [] as string[] };
const openAccount = fc.constant(null).chain(() => fc.constantFrom(...accounts.open));
const closableAccount = fc.constant(null).chain(() => fc.constantFrom(...accounts.closable));

const amount = fc.constantFrom('1', '100', 5, '1000000000000', '1000000000001', '-1', '0', '1.5');
const accountBody = fields({
  ownerName: fc.constantFrom('Ana Lima', ' Bia ', 'a\u0000b', '\ud800x'),
  ownerTaxId: fc.constantFrom(...vectors.cpf.valid, ...vectors.cnpj.valid, ...vectors.cpf.invalid),
  type: fc.constantFrom('CACC', 'SVGS', 'SLRY', 'TRAN', 'cacc'),
  branch: fc.constantFrom('0001', '1', '12345'),
});
const pixKeyBody = fields({
  kind: fc.constantFrom('cpf', 'cnpj', 'email', 'phone', 'evp', 'CPF'),
  key: fc.constantFrom(...vectors.email.valid, ...vectors.phone.valid, ...vectors.email.invalid),
});
/** The BCB's example, the same with a changed character, and ones that are no BR Code at all. */
const BCB_EXAMPLE =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
const brCode = fc.constantFrom(
  BCB_EXAMPLE,
  BCB_EXAMPLE.replace('Fulano', 'Fulana'),
  '6304',
  '',
  'x'.repeat(600),
);
const brCodeBody = fields({
  key: fc.constantFrom(...vectors.email.valid, ...vectors.cpf.valid),
  amount,
  dynamic: fc.constantFrom(true, false, 'yes'),
  txid: fc.constantFrom('***', 'PEDIDO42', 'T'.repeat(32), 'T'.repeat(36), 'with-dash'),
  description: fc.constantFrom('pedido 7', 'x'.repeat(100), 'a\u0000b'),
  city: fc.constantFrom('Recife', 'São Paulo', ''),
});
const claimBody = fields({
  kind: fc.constantFrom('portability', 'ownership', 'PORTABILITY'),
  key: fc.constantFrom(...vectors.email.valid, ...vectors.phone.valid, ...vectors.cpf.valid),
});
const claimReason = fields({
  reason: fc.constantFrom(
    'USER_REQUESTED',
    'ACCOUNT_CLOSURE',
    'FRAUD',
    'DEFAULT_OPERATION',
    'user_requested',
  ),
});
/** Claim ids no hub has: well-formed (the hub's 404), upper-case, or no UUID at all (the bank's). */
const claimAt = (suffix: string) =>
  segment(
    fc.constantFrom(
      '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
      '3F2A9C1E-5B7D-4E8F-9A0B-1C2D3E4F5A6B',
      '00000000-0000-0000-0000-000000000000',
    ),
  ).map((id) => `/claims/${id}${suffix}`);
const transferBody = fields({
  fromAccount: openAccount,
  key: fc.constantFrom(...vectors.email.valid, ...vectors.cpf.valid, '+5511987654321'),
  brCode,
  amount: fc.constantFrom('1', 2, '3'),
  description: fc.constantFrom('lunch', '', 'x'.repeat(141), 'a\u0000b', '\ud800', 'tab\there'),
});

const password = fc.constantFrom('pix-demo-123', 'short', 'x'.repeat(129), '', 'a\u0000b', 12345678);
const loginBody = fields({
  taxId: fc.constantFrom(...vectors.cpf.valid, ...vectors.cpf.invalid, 'x'.repeat(20)),
  password,
});

/** Every route of the API; a test checks this against the bank's OpenAPI document. Test files take a group each. */
export const ROUTES: Route[] = [
  route('GET', '/health'),
  route('POST', '/accounts', { body: body(accountBody) }),
  route('GET', '/accounts'),
  route('GET', '/accounts/:number', { path: under(openAccount) }),
  route('POST', '/accounts/:number/deposits', {
    path: under(openAccount, '/deposits'),
    body: body(fields({ amount })),
  }),
  route('POST', '/accounts/:number/close', { path: under(closableAccount, '/close') }),
  route('GET', '/accounts/:number/statement', { path: under(openAccount, '/statement') }),
  route('POST', '/accounts/:number/pix-keys', {
    path: under(openAccount, '/pix-keys'),
    body: body(pixKeyBody),
  }),
  route('GET', '/accounts/:number/pix-keys', { path: under(openAccount, '/pix-keys') }),
  route('POST', '/accounts/:number/br-codes', {
    path: under(openAccount, '/br-codes'),
    body: body(brCodeBody),
  }),
  route('POST', '/accounts/:number/claims', { path: under(openAccount, '/claims'), body: body(claimBody) }),
  route('GET', '/accounts/:number/claims', { path: under(openAccount, '/claims') }),
  route('GET', '/claims/:id', { path: claimAt('') }),
  route('POST', '/claims/:id/confirm', { path: claimAt('/confirm'), body: body(claimReason) }),
  route('POST', '/claims/:id/cancel', { path: claimAt('/cancel'), body: body(claimReason) }),
  route('POST', '/claims/:id/complete', { path: claimAt('/complete') }),
  route('POST', '/br-codes/parse', { body: body(fields({ payload: brCode })) }),
  route('GET', '/charges/:txid', {
    path: segment(fc.constantFrom('NoSuchCharge1', 'T'.repeat(32))).map((txid) => `/charges/${txid}`),
  }),
  route('POST', '/transfers', { body: body(transferBody) }),
  route('POST', '/transfers/:endToEndId/refunds', {
    path: segment(fc.constantFrom(...vectors.end_to_end_id.valid)).map((id) => `/transfers/${id}/refunds`),
    body: body(
      fields({
        amount,
        reason: fc.constantFrom('MD06', 'BE08', 'XX99'),
        description: fc.constantFrom('oops', ''),
      }),
    ),
  }),
  route('GET', '/transfers/:endToEndId', {
    path: segment(fc.constantFrom(...vectors.end_to_end_id.valid)).map((id) => `/transfers/${id}`),
    query: query({ direction: near(fc.constantFrom('outgoing', 'incoming', 'OUTGOING')) }),
  }),
  route('GET', '/transfers', {
    query: query({
      account: near(openAccount),
      status: near(fc.constantFrom('pending', 'completed', 'rejected', 'done')),
      limit: near(fc.constantFrom('1', '1000', '1001', '0', '-1', '1.5', '1e3', ' 5')),
    }),
  }),
  route('GET', '/ledger/summary'),
  route('GET', '/brand'),
  route('GET', '/events', { query: query({ account: near(openAccount) }) }),
  route('GET', '/metrics'),
  route('GET', '/openapi.json'),
  route('POST', '/session', { body: body(loginBody) }),
  route('DELETE', '/session'),
  route('GET', '/me'),
  route('PUT', '/customers/:taxId/password', {
    path: segment(fc.constantFrom(...vectors.cpf.valid, ...vectors.cpf.invalid, '123')).map(
      (taxId) => `/customers/${taxId}/password`,
    ),
    body: body(fields({ password: password })),
  }),
];

/** `it.each` rows for the routes: method, template, route. */
export const cases = (routes: Route[]) => routes.map((r) => [r.method, r.template, r] as const);

/**
 * A bank of the test file's own (bank-harness.ts: hub, Kafka, Postgres), started in beforeAll with
 * three funded accounts to use and two to close.
 */
export function useFuzzBank(name: string): { readonly h: BankHarness } {
  let h: BankHarness;
  beforeAll(async () => {
    h = await startBankHarness(name, ISPB);
    for (const [list, n] of [
      [accounts.open, 3],
      [accounts.closable, 2],
    ] as const) {
      for (let i = 0; i < n; i++) {
        const opened = await h.http('POST', '/accounts', {
          ownerName: 'Ana',
          ownerTaxId: vectors.cpf.valid[i],
        });
        await h.http('POST', `/accounts/${opened.body.number}/deposits`, { amount: '100000' });
        list.push(opened.body.number);
      }
    }
  }, 120_000);
  afterAll(async () => {
    agent.destroy();
    await h?.stop();
  }, 60_000);
  return {
    get h() {
      return h;
    },
  };
}

/** Runs the property on one route. */
export async function expectAnswersFitting(h: BankHarness, r: Route): Promise<void> {
  await fc.assert(
    fc.asyncProperty(r.request, async (sent) => {
      // As the operator, who may call every route: the fuzzing is of what the request says, not who.
      const asOperator = {
        ...sent,
        headers: { authorization: `Bearer ${h.operatorToken}`, ...sent.headers },
      };
      expectFitting(sent, await send(h.bank.url, asOperator));
    }),
    { numRuns: RUNS },
  );
}

/** After the fuzzing: health and a valid request still succeed. */
export async function expectStaysUp(h: BankHarness): Promise<void> {
  expect(await h.http('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  const opened = await h.http('POST', '/accounts', { ownerName: 'Caio', ownerTaxId: vectors.cpf.valid[3] });
  expect(opened.status).toBe(201);
  const sent = await h.http(
    'POST',
    '/transfers',
    { fromAccount: accounts.open[0], key: vectors.email.valid[0], amount: '1' },
    { 'Idempotency-Key': randomUUID() },
  );
  expect(sent.status).toBe(202);
}
