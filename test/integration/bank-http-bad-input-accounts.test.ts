import {
  cases,
  expectAnswersFitting,
  expectStaysUp,
  ROUTES,
  useFuzzBank,
} from '../support/bank-http-bad-input';

/**
 * Bad input at the bank simulator's HTTP door (docs/bank-api.md), the /accounts routes: random and
 * malformed requests get 2xx or a 4xx with a JSON reason, never a 5xx (test/support/bank-http-bad-input.ts).
 */
const ACCOUNT_ROUTES = ROUTES.filter((r) => r.template.startsWith('/accounts'));

describe('bank simulator: bad input at the /accounts routes', () => {
  const bank = useFuzzBank('bank_bad_input_accounts');

  it.each(cases(ACCOUNT_ROUTES))(
    '%s %s answers anything with 2xx or a 4xx JSON reason',
    (_method, _template, r) => expectAnswersFitting(bank.h, r),
    60_000,
  );

  it('stays up: health and a valid request still succeed', () => expectStaysUp(bank.h));
});
