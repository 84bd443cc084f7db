import { type BankUseCases, bankRoutes } from '../../bank-simulator/infrastructure/http/routes';
import {
  CODE,
  cases,
  expectAnswersFitting,
  expectStaysUp,
  ISPB,
  ROUTES,
  useFuzzBank,
} from '../support/bank-http-bad-input';
import { rawExchange } from '../support/raw-http';

/**
 * Bad input at the bank simulator's HTTP door (docs/bank-api.md), every route outside /accounts
 * (/health, /transfers, /ledger) and requests node:http cannot parse: the answer is 2xx or a 4xx with
 * a JSON reason, never a 5xx (test/support/bank-http-bad-input.ts).
 */
const OTHER_ROUTES = ROUTES.filter((r) => !r.template.startsWith('/accounts'));

describe('bank simulator: bad input at /health, /transfers, /ledger and the HTTP parser', () => {
  const bank = useFuzzBank('bank_bad_input_transfers');

  it('covers every route the bank serves (with bank-http-bad-input-accounts.test.ts)', () => {
    const served = bankRoutes({ ispb: ISPB, name: 'x' } as BankUseCases);
    expect(served).toHaveLength(ROUTES.length);
    for (const r of ROUTES) {
      const example = r.template.replace(/:[a-zA-Z]+/g, '1001');
      expect(served.filter((s) => s.method === r.method && s.path.test(example))).toHaveLength(1);
    }
  });

  it.each(cases(OTHER_ROUTES))(
    '%s %s answers anything with 2xx or a 4xx JSON reason',
    (_method, _template, r) => expectAnswersFitting(bank.h, r),
    60_000,
  );

  it.each([
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
    ['a header without a colon', 'GET /health HTTP/1.1\r\nHost: x\r\nbroken header\r\n\r\n'],
    ['a bad chunk size', 'POST /accounts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['headers over 16 KiB', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  ])('answers %s with a 4xx JSON reason', async (_, bytes) => {
    const reply = await rawExchange(new URL(bank.h.bank.url), bytes);
    const [head, text] = reply.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(text).error.code).toMatch(CODE);
  });

  it('stays up: health and a valid request still succeed', () => expectStaysUp(bank.h));
});
