import {
  CODE,
  cases,
  expectAnswersFitting,
  expectStaysUp,
  ROUTES,
  useFuzzBank,
} from '../support/bank-http-bad-input';
import { rawExchange } from '../support/raw-http';

/**
 * Bad input at the bank simulator's HTTP door (docs/bank-api.md), every route outside /accounts
 * (/health, /transfers, /claims, /ledger, /metrics, /openapi.json) and requests node:http cannot parse: the answer is 2xx or a 4xx with
 * a JSON reason, never a 5xx (test/support/bank-http-bad-input.ts).
 */
const OTHER_ROUTES = ROUTES.filter((r) => !r.template.startsWith('/accounts'));

describe('bank simulator: bad input at /health, /transfers, /claims, /ledger, /metrics, /openapi.json and the HTTP parser', () => {
  const bank = useFuzzBank('bank_bad_input_transfers');

  it('covers every route the bank serves (with bank-http-bad-input-accounts.test.ts)', async () => {
    // The bank's OpenAPI document lists every route it serves, made from the routes themselves.
    const { paths } = (await bank.h.http('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(served.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.template}`).sort());
  });

  it.each(cases(OTHER_ROUTES))(
    '%s %s answers anything with 2xx or a 4xx JSON reason',
    (_method, _template, r) => expectAnswersFitting(bank.h, r),
    60_000,
  );

  it.each([
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
    ['a header without a colon', 'GET /health HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n'],
    // As the operator, so the body is read (an unauthenticated request is answered 401 before it is).
    [
      'a bad chunk size',
      'POST /accounts HTTP/1.1\r\nHost: x\r\n{auth}Transfer-Encoding: chunked\r\n\r\nzz\r\n',
    ],
    ['headers over 16 KiB', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  ])('answers %s with a 4xx JSON reason', async (_, bytes) => {
    const auth = `Authorization: Bearer ${bank.h.operatorToken}\r\n`;
    const reply = await rawExchange(new URL(bank.h.bank.url), bytes.replace('{auth}', auth));
    const [head, text] = reply.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(text).error.code).toMatch(CODE);
  });

  it('stays up: health and a valid request still succeed', () => expectStaysUp(bank.h));
});
