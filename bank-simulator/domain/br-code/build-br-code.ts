import {
  assert,
  charCount,
  MERCHANT_CITY_CHARS_MAX,
  MERCHANT_NAME_CHARS_MAX,
  type Money,
  PIX_KEY_CHARS_MAX,
  truncateChars,
} from '../../../src/domain';
import { BR_CODE_GUI, type BrCode, NO_TXID } from './br-code';
import { BrCodeError } from './br-code-error';
import { crc16 } from './crc16';
import { parseBrCode } from './parse-br-code';
import { writeTlv } from './tlv';

export interface BrCodeOrder {
  /** The Pix key to pay, as the directory stores it. */
  key: string;
  merchantName: string;
  merchantCity: string;
  amount?: Money;
  description?: string;
  /** Static: `***` (the default) or up to 25 alphanumerics. Dynamic: 26-35 alphanumerics, required. */
  txid?: string;
  dynamic?: boolean;
}

/**
 * Writes a key-based BR Code, static or dynamic, in the field order of the manual, and reads it back:
 * what this returns is a payload parseBrCode accepts, with the code it reads as. Names and cities are
 * written as payers' apps show them best: without accents, in printable ASCII, cut to the field's
 * limit (the manual's own advice). A dynamic code's txid must be unique; its caller makes it so.
 */
export function buildBrCode(order: BrCodeOrder): { payload: string; code: BrCode } {
  const txid = order.txid ?? (order.dynamic ? undefined : NO_TXID);
  if (txid === undefined) throw new BrCodeError('62.05', 'is required in a dynamic code');
  const key = order.key.trim();
  if (key === '' || charCount(key) > PIX_KEY_CHARS_MAX) {
    throw new BrCodeError('26.01', `must be a Pix key of 1 to ${PIX_KEY_CHARS_MAX} characters`);
  }
  const account =
    writeTlv('00', BR_CODE_GUI) +
    writeTlv('01', key, '26.01') +
    (order.description ? writeTlv('02', plain(order.description), '26.02') : '');
  const body =
    writeTlv('00', '01') +
    writeTlv('01', order.dynamic ? '12' : '11') +
    writeTlv('26', account) +
    writeTlv('52', '0000') +
    writeTlv('53', '986') +
    (order.amount ? writeTlv('54', order.amount.toString()) : '') +
    writeTlv('58', 'BR') +
    writeTlv('59', text(order.merchantName, '59', MERCHANT_NAME_CHARS_MAX)) +
    writeTlv('60', text(order.merchantCity, '60', MERCHANT_CITY_CHARS_MAX)) +
    writeTlv('62', writeTlv('05', txid, '62.05')) +
    '6304';
  const payload = body + crc16(body);
  // Reading it back checks every rule the reader checks (txid's form, amount's width, …) in one place.
  const code = parseBrCode(payload);
  assert(code.key === key, `a written BR Code must read back its key ${key}`);
  return { payload, code };
}

/** Without accents or anything outside printable ASCII, spaces collapsed. */
function plain(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function text(value: string, id: string, max: number): string {
  const written = truncateChars(plain(value), max).trim();
  if (written === '') throw new BrCodeError(id, 'is required (letters, digits and spaces)');
  return written;
}
