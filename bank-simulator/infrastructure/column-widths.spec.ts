import {
  ACCOUNT_NUMBER_DIGITS_MAX,
  BRANCH_DIGITS_MAX,
  IDEMPOTENCY_KEY_CHARS_MAX,
  OWNER_NAME_CHARS_MAX,
  PIX_KEY_CHARS_MAX,
  TXID_CHARS_MAX,
} from '../../src/domain';
import { columnWidths } from '../../test/support/migration-columns';
import { BANK_MIGRATIONS } from './database';

/** The bank's migrations keep literal SQL; their widths must be the limits its domain checks. */
describe("a bank's column widths", () => {
  it.each([
    ['accounts.branch', BRANCH_DIGITS_MAX],
    ['accounts.number', ACCOUNT_NUMBER_DIGITS_MAX],
    ['accounts.owner_name', OWNER_NAME_CHARS_MAX],
    ['statement_entries.account_number', ACCOUNT_NUMBER_DIGITS_MAX],
    ['transfers.account_number', ACCOUNT_NUMBER_DIGITS_MAX],
    ['transfers.idempotency_key', IDEMPOTENCY_KEY_CHARS_MAX],
    ['transfers.txid', TXID_CHARS_MAX],
    ['charges.txid', TXID_CHARS_MAX],
    ['charges.account_number', ACCOUNT_NUMBER_DIGITS_MAX],
    ['charges.pix_key', PIX_KEY_CHARS_MAX],
    ['claims.claimer_account', ACCOUNT_NUMBER_DIGITS_MAX],
    ['claims.donor_account', ACCOUNT_NUMBER_DIGITS_MAX],
  ])('%s is %i wide', async (column, limit) => {
    expect((await columnWidths(BANK_MIGRATIONS)).get(column)).toBe(limit);
  });
});
