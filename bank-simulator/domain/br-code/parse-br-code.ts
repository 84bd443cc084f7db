import {
  BR_CODE_AMOUNT_CHARS_MAX,
  BR_CODE_PAYLOAD_CHARS_MAX,
  BR_CODE_URL_CHARS_MAX,
  charCount,
  DYNAMIC_TXID_CHARS_MIN,
  MERCHANT_CITY_CHARS_MAX,
  MERCHANT_NAME_CHARS_MAX,
  Money,
  PIX_KEY_CHARS_MAX,
  STATIC_TXID_CHARS_MAX,
  TXID_CHARS_MAX,
} from '../../../src/domain';
import { BR_CODE_GUI, type BrCode, type BrCodeInitiation, NO_TXID } from './br-code';
import { BrCodeError } from './br-code-error';
import { crc16 } from './crc16';
import { readTlv, type TlvField } from './tlv';

const CRC_TAIL = /6304([0-9A-Fa-f]{4})$/;
const AMOUNT = /^(\d+)(?:\.(\d{1,2}))?$/;
const PRINTABLE = /^[^\p{Cc}]+$/u;
const ALPHANUMERICS = /^[A-Za-z0-9]+$/;

/**
 * Reads and validates a BR Code. Integrity first: the CRC (63, the payload's last field) must match
 * the payload before anything is read, so a changed character is a CRC defect whatever it changed;
 * then the structure, then each field. Every defect is a BrCodeError naming the field. Surrounding
 * whitespace, which copying from a message often adds, is ignored. Fields the manual does not define
 * for Pix (other networks' templates, 61's postal code aside) are read and ignored.
 */
export function parseBrCode(input: unknown): BrCode {
  if (typeof input !== 'string' || input.trim() === '') throw new BrCodeError(undefined, 'is required');
  const payload = input.trim();
  if (charCount(payload) > BR_CODE_PAYLOAD_CHARS_MAX) {
    throw new BrCodeError(undefined, `must be at most ${BR_CODE_PAYLOAD_CHARS_MAX} characters`);
  }
  if (!PRINTABLE.test(payload)) throw new BrCodeError(undefined, 'must not contain control characters');
  const crc = checkCrc(payload);
  // Everything before "6304" and the CRC: a length that claims more runs past it, and names its field.
  const fields = new Map(readTlv(payload.slice(0, -8)).map((f): [string, string] => [f.id, f.value]));
  if (fields.has('63')) throw new BrCodeError('63', 'appears more than once: the CRC is the last field');
  if ([...fields.keys()][0] !== '00') throw new BrCodeError('00', 'must be the first field');
  if (fields.get('00') !== '01') throw new BrCodeError('00', 'must be "01" (payload format version 1)');

  const initiation = readInitiation(fields.get('01'));
  const account = readAccount(required(fields, '26'));
  const categoryCode = required(fields, '52');
  if (!/^\d{4}$/.test(categoryCode)) throw new BrCodeError('52', 'must be 4 digits ("0000" when none)');
  if (required(fields, '53') !== '986') throw new BrCodeError('53', 'must be "986" (BRL)');
  const amount = readAmount(fields.get('54'));
  if (required(fields, '58') !== 'BR') throw new BrCodeError('58', 'must be "BR"');
  const merchantName = bounded(required(fields, '59'), '59', MERCHANT_NAME_CHARS_MAX);
  const merchantCity = bounded(required(fields, '60'), '60', MERCHANT_CITY_CHARS_MAX);
  const additional = new Map(readTlv(required(fields, '62'), '62').map((f) => [f.id, f.value]));
  const txid = additional.get('05');
  if (txid === undefined) throw new BrCodeError('62.05', 'is required (the txid, "***" when none)');
  checkTxid(txid, initiation, account.url !== undefined);
  return {
    initiation,
    ...account,
    ...(amount && { amount }),
    categoryCode,
    merchantName,
    merchantCity,
    ...(fields.has('61') && { postalCode: fields.get('61') }),
    txid,
    crc,
  };
}

/** The CRC the payload carries, once it is known to match what the rest of the payload makes. */
function checkCrc(payload: string): string {
  const tail = CRC_TAIL.exec(payload);
  if (!tail) throw new BrCodeError('63', 'missing: a payload ends with "6304" and 4 hex digits of CRC');
  const carried = tail[1];
  if (carried !== carried.toUpperCase()) throw new BrCodeError('63', 'must be upper-case hex');
  const computed = crc16(payload.slice(0, -4));
  if (computed !== carried) {
    throw new BrCodeError('63', `CRC mismatch: the payload says ${carried}, its contents make ${computed}`);
  }
  return carried;
}

function required(fields: Map<string, string>, id: string): string {
  const value = fields.get(id);
  if (value === undefined) throw new BrCodeError(id, 'is required');
  return value;
}

function bounded(value: string, id: string, max: number): string {
  if (charCount(value) > max) throw new BrCodeError(id, `must be at most ${max} characters`);
  return value;
}

/** Absent, the code is static, as the manual reads a code without field 01. */
function readInitiation(value: string | undefined): BrCodeInitiation {
  if (value === undefined || value === '11') return 'static';
  if (value === '12') return 'dynamic';
  throw new BrCodeError('01', 'must be "11" (static) or "12" (dynamic)');
}

/** Template 26: the GUI (case as written varies between issuers), then a key or a URL, never both. */
function readAccount(value: string): Pick<BrCode, 'key' | 'url' | 'description'> {
  const sub = new Map(readTlv(value, '26').map((f: TlvField) => [f.id, f.value]));
  const gui = sub.get('00');
  if (gui === undefined) throw new BrCodeError('26.00', `is required ("${BR_CODE_GUI}")`);
  if (gui.toLowerCase() !== BR_CODE_GUI) throw new BrCodeError('26.00', `must be "${BR_CODE_GUI}"`);
  const key = sub.get('01');
  const url = sub.get('25');
  if (key === undefined && url === undefined) {
    throw new BrCodeError('26', 'names neither a Pix key (26.01) nor a URL (26.25)');
  }
  if (key !== undefined && url !== undefined) {
    throw new BrCodeError('26', 'names both a Pix key (26.01) and a URL (26.25)');
  }
  if (key !== undefined) bounded(key, '26.01', PIX_KEY_CHARS_MAX);
  if (url !== undefined) bounded(url, '26.25', BR_CODE_URL_CHARS_MAX);
  const description = sub.get('02');
  return {
    ...(key !== undefined && { key }),
    ...(url !== undefined && { url }),
    ...(description !== undefined && { description }),
  };
}

/** `123.45`: digits, then at most two decimals after a point; more than zero. */
function readAmount(value: string | undefined): Money | undefined {
  if (value === undefined) return undefined;
  if (charCount(value) > BR_CODE_AMOUNT_CHARS_MAX)
    throw new BrCodeError('54', `must be at most ${BR_CODE_AMOUNT_CHARS_MAX} characters`);
  const match = AMOUNT.exec(value);
  if (!match) throw new BrCodeError('54', 'must be an amount like "123.45"');
  const cents = BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (cents === 0n)
    throw new BrCodeError('54', 'must be more than 0.00 (leave it out to let the payer choose)');
  return Money.fromCents(cents, 'br_code.54');
}

/**
 * 62.05. A static code carries `***` or up to 25 alphanumerics; a key-based dynamic code a txid of
 * 26-35 alphanumerics that names its one charge. A URL-based dynamic code's charge lives at its PSP,
 * which names the txid there: what 62.05 carries is only a reference label, up to 25 characters.
 */
function checkTxid(txid: string, initiation: BrCodeInitiation, served: boolean): void {
  if (served) {
    if (charCount(txid) > STATIC_TXID_CHARS_MAX) {
      throw new BrCodeError('62.05', `must be at most ${STATIC_TXID_CHARS_MAX} characters`);
    }
  } else if (initiation === 'static') {
    if (txid !== NO_TXID && !(ALPHANUMERICS.test(txid) && txid.length <= STATIC_TXID_CHARS_MAX)) {
      throw new BrCodeError('62.05', `must be "***" or 1 to ${STATIC_TXID_CHARS_MAX} letters and digits`);
    }
  } else if (
    !ALPHANUMERICS.test(txid) ||
    txid.length < DYNAMIC_TXID_CHARS_MIN ||
    txid.length > TXID_CHARS_MAX
  ) {
    const range = `${DYNAMIC_TXID_CHARS_MIN} to ${TXID_CHARS_MAX}`;
    throw new BrCodeError('62.05', `must be ${range} letters and digits in a dynamic code`);
  }
}
