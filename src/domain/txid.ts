import { ValidationError } from './errors';
import { TXID_CHARS_MAX } from './limits';

const TXID = new RegExp(`^[A-Za-z0-9]{1,${TXID_CHARS_MAX}}$`);

/**
 * The payee's id for a payment (the BR Code's 62.05, the Pix API's txid): 1 to 35 letters and digits.
 * Empty or absent means none: a payer who typed a key names no txid. Returns undefined for none.
 */
export function parseTxid(value: unknown, field = 'txid'): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !TXID.test(value)) {
    throw new ValidationError(field, `must be 1 to ${TXID_CHARS_MAX} letters and digits`);
  }
  return value;
}
