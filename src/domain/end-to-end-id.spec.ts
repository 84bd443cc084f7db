import fc from 'fast-check';
import { vectors } from '../../test/support/vectors';
import { EndToEndId } from './end-to-end-id';
import { ValidationError } from './errors';
import { refusal } from './testing/refusal';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** `yyyyMMddHHmm` in UTC, written without the code under test. */
const stamp = (d: Date) =>
  `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}` +
  `${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}`;

const ispbArb = fc.stringMatching(/^\d{8}$/);
const suffixArb = fc.stringMatching(/^[A-Za-z0-9]{11}$/);
const minuteArb = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:00Z'), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000));

describe('end_to_end_id vectors', () => {
  it.each(vectors.end_to_end_id.valid)('accepts %s', (value) => {
    const id = EndToEndId.create(value);
    expect(id.value).toBe(value);
    expect(id.toString()).toBe(value);
    expect(id.value).toHaveLength(32);
  });

  it('reads ISPB and UTC time out of the valid vector', () => {
    const id = EndToEndId.create('E1111111120261121143012345abcdeF');
    expect(id.debtorIspb.value).toBe('11111111');
    expect(id.createdAt.toISOString()).toBe('2026-11-21T14:30:00.000Z');
  });

  it('tells a transfer (E) from a refund (D), whose ISPB is the refunding bank', () => {
    expect(EndToEndId.create('E1111111120261121143012345abcdeF').kind).toBe('transfer');
    const refund = EndToEndId.create('D2222222220261121143012345abcdeF');
    expect([refund.kind, refund.debtorIspb.value]).toEqual(['refund', '22222222']);
    expect(refusal(() => EndToEndId.create('X2222222220261121143012345abcdeF')).field).toBe('end_to_end_id');
  });

  it.each(vectors.end_to_end_id.invalid)('refuses %j naming the field', (value) => {
    expect(refusal(() => EndToEndId.create(value, 'transfer.end_to_end_id')).field).toBe(
      'transfer.end_to_end_id',
    );
    expect(refusal(() => EndToEndId.create(value)).field).toBe('end_to_end_id');
  });
});

describe('EndToEndId properties', () => {
  it('round-trips the ISPB and the minute it was built from', () => {
    fc.assert(
      fc.property(ispbArb, minuteArb, suffixArb, (ispb, at, suffix) => {
        const value = `E${ispb}${stamp(at)}${suffix}`;
        const id = EndToEndId.create(value);
        expect(value).toHaveLength(32);
        expect(id.value).toBe(value);
        expect(id.debtorIspb.value).toBe(ispb);
        expect(id.createdAt.getTime()).toBe(at.getTime());
      }),
    );
  });

  it('accepts the 12 date digits exactly when they name a real minute', () => {
    const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    const daysIn = (y: number, m: number) =>
      [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        (y, mo, d, h, mi) => {
          const value = `E12345678${pad(y, 4)}${pad(mo, 2)}${pad(d, 2)}${pad(h, 2)}${pad(mi, 2)}ABCdef12345`;
          const real = mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) && h <= 23 && mi <= 59;
          if (real) expect(EndToEndId.create(value).createdAt.getUTCDate()).toBe(d);
          else expect(refusal(() => EndToEndId.create(value, 'e2e')).field).toBe('e2e');
        },
      ),
    );
  });

  it.each([
    ['202602290000', false],
    ['202402290000', true],
    ['210002290000', false],
    ['200002290000', true],
    ['202613010000', false],
    ['202604310000', false],
    ['202601012400', false],
    ['202601012360', false],
    ['202612312359', true],
  ])('date %s accepted: %p', (digits, ok) => {
    const value = `E11111111${digits}00000000000`;
    if (ok) expect(EndToEndId.create(value).value).toBe(value);
    else expect(refusal(() => EndToEndId.create(value)).message).toMatch(/impossible date/);
  });

  it.each([
    ['lower-case e', 'e1111111120261121143012345abcdeF'],
    ['31 characters', 'E1111111120261121143012345abcde'],
    ['33 characters', 'E1111111120261121143012345abcdeFG'],
    ['non-alphanumeric suffix', 'E1111111120261121143012345abcd-F'],
    ['letters in the ISPB', 'E11111A1120261121143012345abcdeF'],
  ])('refuses %s', (_, value) => {
    expect(refusal(() => EndToEndId.create(value)).field).toBe('end_to_end_id');
  });

  it('never throws anything but a ValidationError naming the field', () => {
    const near = fc.string({ unit: fc.constantFrom(...'E0123456789aZ'), minLength: 30, maxLength: 34 });
    fc.assert(
      fc.property(fc.oneof(near, fc.string(), fc.anything()), (raw) => {
        try {
          expect(EndToEndId.create(raw, 'id').value).toHaveLength(32);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).field).toBe('id');
        }
      }),
    );
  });
});
