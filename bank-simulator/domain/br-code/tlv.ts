import { charCount, TLV_VALUE_CHARS_MAX } from '../../../src/domain';
import { BrCodeError } from './br-code-error';

/** One EMV data object: a 2-digit id, then a 2-digit length, then that many characters of value. */
export interface TlvField {
  id: string;
  value: string;
}

/**
 * The data objects of `text`, in order. Lengths count characters (code points), as the EMV
 * specification counts them. `parent` names the template being read (`26`, `62`), so a defect inside
 * it names `br_code.26.01`. A repeated id is a defect: every field of a BR Code appears at most once.
 */
export function readTlv(text: string, parent?: string): TlvField[] {
  const chars = [...text];
  const name = (id: string) => (parent ? `${parent}.${id}` : id);
  const fields: TlvField[] = [];
  const seen = new Set<string>();
  let at = 0;
  while (at < chars.length) {
    const head = chars.slice(at, at + 4).join('');
    if (!/^\d{4}$/.test(head)) {
      throw new BrCodeError(parent, `malformed at character ${at + 1}: expected a 2-digit id and length`);
    }
    const id = head.slice(0, 2);
    const length = Number(head.slice(2));
    if (length === 0) throw new BrCodeError(name(id), 'has length 00: a present field has a value');
    if (at + 4 + length > chars.length) {
      throw new BrCodeError(name(id), `length ${head.slice(2)} runs past the end of the payload`);
    }
    if (seen.has(id)) throw new BrCodeError(name(id), 'appears more than once');
    seen.add(id);
    fields.push({ id, value: chars.slice(at + 4, at + 4 + length).join('') });
    at += 4 + length;
  }
  return fields;
}

/** One data object; `field` names it in the error if its value cannot be written in one. */
export function writeTlv(id: string, value: string, field = id): string {
  const length = charCount(value);
  if (length === 0) throw new BrCodeError(field, 'is empty');
  if (length > TLV_VALUE_CHARS_MAX) {
    throw new BrCodeError(
      field,
      `is ${length} characters, more than the ${TLV_VALUE_CHARS_MAX} a field holds`,
    );
  }
  return `${id}${String(length).padStart(2, '0')}${value}`;
}
