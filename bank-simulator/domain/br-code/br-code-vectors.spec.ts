import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BrCodeError } from './br-code-error';
import { crc16 } from './crc16';
import { parseBrCode } from './parse-br-code';

interface Vectors {
  valid: { name: string; source: string; payload: string; expect: Record<string, string> }[];
  invalid: { name: string; source: string; payload: string; field: string }[];
}

/** Payloads other implementations published (test/vectors/br-codes.json says where each came from). */
const vectors: Vectors = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../test/vectors/br-codes.json'), 'utf8'),
);

describe('the BR Code vectors of other implementations', () => {
  it('include the BCB manual example, dynamic and URL codes, and every one names its source', () => {
    expect(vectors.valid.map((v) => v.payload)).toContain(
      '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D',
    );
    expect(vectors.valid.some((v) => v.expect.url && v.expect.amount)).toBe(true);
    expect(vectors.valid.some((v) => v.expect.key && v.expect.amount)).toBe(true);
    for (const v of [...vectors.valid, ...vectors.invalid]) expect(v.source.length).toBeGreaterThan(20);
  });

  it.each(vectors.valid.map((v) => [v.name, v] as const))('reads %s', (_, v) => {
    expect(crc16(v.payload.slice(0, -4))).toBe(v.payload.slice(-4));
    const code = parseBrCode(v.payload);
    const { amount, ...rest } = code;
    const read = { ...rest, ...(amount && { amount: amount.toString() }) };
    expect(read).toEqual({ categoryCode: '0000', ...v.expect });
  });

  it.each(vectors.invalid.map((v) => [v.name, v] as const))('refuses %s, naming the field', (_, v) => {
    let caught: unknown;
    try {
      parseBrCode(v.payload);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BrCodeError);
    expect((caught as BrCodeError).field).toBe(v.field);
    expect((caught as BrCodeError).message.startsWith(`${v.field}: `)).toBe(true);
  });
});
