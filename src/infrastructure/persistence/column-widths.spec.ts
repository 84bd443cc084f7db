import { columnWidths } from '../../../test/support/migration-columns';
import {
  ACCOUNT_NUMBER_DIGITS_MAX,
  BANK_NAME_CHARS_MAX,
  BRANCH_DIGITS_MAX,
  CREDITOR_KEY_CHARS_MAX,
  DESCRIPTION_CHARS_MAX,
  FUNDING_IDEMPOTENCY_KEY_CHARS_MAX,
  OWNER_NAME_CHARS_MAX,
  PIX_KEY_CHARS_MAX,
  RECONCILIATION_DETAIL_CHARS_MAX,
  REJECTION_DETAIL_CHARS_MAX,
  TXID_CHARS_MAX,
} from '../../domain';
import { MIGRATIONS } from './data-source';

/** The hub's migrations keep literal SQL; their widths must be the limits the domain checks. */
describe("the hub's column widths", () => {
  it.each([
    ['banks.name', BANK_NAME_CHARS_MAX],
    ['accounts.branch', BRANCH_DIGITS_MAX],
    ['accounts.number', ACCOUNT_NUMBER_DIGITS_MAX],
    ['accounts.owner_name', OWNER_NAME_CHARS_MAX],
    ['pix_keys.key', PIX_KEY_CHARS_MAX],
    ['transactions.debtor_branch', BRANCH_DIGITS_MAX],
    ['transactions.debtor_account', ACCOUNT_NUMBER_DIGITS_MAX],
    ['transactions.debtor_name', OWNER_NAME_CHARS_MAX],
    ['transactions.creditor_key', CREDITOR_KEY_CHARS_MAX],
    ['transactions.creditor_branch', BRANCH_DIGITS_MAX],
    ['transactions.creditor_account', ACCOUNT_NUMBER_DIGITS_MAX],
    ['transactions.creditor_name', OWNER_NAME_CHARS_MAX],
    ['transactions.description', DESCRIPTION_CHARS_MAX],
    ['transactions.rejection_detail', REJECTION_DETAIL_CHARS_MAX],
    ['ledger_entries.idempotency_key', FUNDING_IDEMPOTENCY_KEY_CHARS_MAX],
    ['reconciliations.detail', RECONCILIATION_DETAIL_CHARS_MAX],
    ['transactions.txid', TXID_CHARS_MAX],
  ])('%s is %i wide', async (column, limit) => {
    expect((await columnWidths(MIGRATIONS)).get(column)).toBe(limit);
  });
});
