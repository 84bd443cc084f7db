import { Money } from '../../../src/domain';
import { BrCodeError } from './br-code-error';
import { buildBrCode } from './build-br-code';
import { crc16 } from './crc16';
import { parseBrCode } from './parse-br-code';

const BCB_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
const TXID = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';

/** A payload with its CRC made right again, to reach the checks that come after the CRC's. */
const resigned = (payload: string) => {
  const body = payload.slice(0, -4);
  return body + crc16(body);
};
const fieldOf = (payload: string): string => {
  try {
    parseBrCode(payload);
  } catch (error) {
    if (error instanceof BrCodeError) return error.field;
    throw error;
  }
  throw new Error(`accepted ${payload}`);
};

describe('crc16', () => {
  it('is CRC16-CCITT-FALSE: the check value of "123456789" is 29B1', () => {
    expect(crc16('123456789')).toBe('29B1');
    expect(crc16(BCB_STATIC.slice(0, -4))).toBe('1D3D');
  });
});

describe('buildBrCode', () => {
  it("writes the BCB manual's static example byte for byte", () => {
    const { payload } = buildBrCode({
      key: '123e4567-e12b-12d1-a456-426655440000',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
    });
    // The manual's example leaves out field 01; this writer always says 11 (static), so compare the rest.
    expect(payload.replace('010211', '').slice(0, -4)).toBe(BCB_STATIC.slice(0, -4));
    expect(parseBrCode(payload).initiation).toBe('static');
  });

  it('writes a static code with an amount, a description and a txid, which reads back the same', () => {
    const { payload, code } = buildBrCode({
      key: 'maria@example.com',
      merchantName: 'Maria da Conceição Silva Souza Lima',
      merchantCity: 'São Paulo',
      amount: Money.fromCents(12345n),
      description: 'Pão de queijo',
      txid: 'PEDIDO42',
    });
    expect(payload).toContain('5406123.45');
    expect(payload).toMatch(/6304[0-9A-F]{4}$/);
    expect(parseBrCode(payload)).toEqual(code);
    expect(code).toMatchObject({
      initiation: 'static',
      key: 'maria@example.com',
      description: 'Pao de queijo',
      merchantName: 'Maria da Conceicao Silva',
      merchantCity: 'Sao Paulo',
      txid: 'PEDIDO42',
    });
    expect(code.merchantName.trim().length).toBeLessThanOrEqual(25);
    expect(code.amount?.cents).toBe(12345n);
  });

  it('writes a dynamic code (01 = 12) carrying its 26-35 character txid', () => {
    const { code } = buildBrCode({
      key: '+5511987654321',
      merchantName: 'Loja',
      merchantCity: 'Recife',
      amount: Money.fromCents(500n),
      dynamic: true,
      txid: TXID,
    });
    expect(code).toMatchObject({ initiation: 'dynamic', txid: TXID, amount: Money.fromCents(500n) });
  });

  it.each([
    [{ dynamic: true }, 'br_code.62.05'],
    [{ dynamic: true, txid: 'short' }, 'br_code.62.05'],
    [{ txid: 'not alphanumeric!' }, 'br_code.62.05'],
    [{ txid: 'A'.repeat(26) }, 'br_code.62.05'],
    [{ key: '' }, 'br_code.26.01'],
    [{ merchantName: '日本' }, 'br_code.59'],
    [{ merchantCity: '   ' }, 'br_code.60'],
    [{ description: 'x'.repeat(80) }, 'br_code.26'],
    [{ amount: Money.fromCents(10n ** 13n) }, 'br_code.54'],
  ])('refuses %p, naming %s', (change, field) => {
    const order = { key: 'maria@example.com', merchantName: 'Maria', merchantCity: 'Recife', ...change };
    expect(() => buildBrCode(order)).toThrow(expect.objectContaining({ field }));
  });
});

describe('parseBrCode refuses a defective payload, naming the field', () => {
  it('a changed character anywhere, as a CRC mismatch', () => {
    for (const tampered of [
      BCB_STATIC.replace('Fulano', 'Fulana'),
      BCB_STATIC.replace('BRASILIA', 'BRASILIo'),
      BCB_STATIC.replace('63041D3D', '63041D3E'),
    ]) {
      expect(() => parseBrCode(tampered)).toThrow('br_code.63: CRC mismatch');
    }
  });

  it.each([
    ['no CRC at all', BCB_STATIC.slice(0, -8), 'br_code.63'],
    ['a lower-case CRC', `${BCB_STATIC.slice(0, -4)}1d3d`, 'br_code.63'],
    ['nothing', '   ', 'br_code'],
    ['a control character', resigned(BCB_STATIC.replace('Fulano', 'Ful\u0007no')), 'br_code'],
  ])('%s', (_, payload, field) => expect(fieldOf(payload)).toBe(field));

  it.each([
    ['a length past the end', BCB_STATIC.replace('62070503***', '62080503***'), 'br_code.62'],
    ['a length too short', BCB_STATIC.replace('5913Fulano de Tal', '5912Fulano de Tal'), 'br_code'],
    ['an id that is not digits', BCB_STATIC.replace('5802BR', '5X02BR'), 'br_code'],
    ['a zero length', BCB_STATIC.replace('6008BRASILIA', '6000'), 'br_code.60'],
    ['a field twice', BCB_STATIC.replace('5802BR', '5802BR5802BR'), 'br_code.58'],
    ['the CRC field twice', BCB_STATIC.replace('5802BR', '5802BR63041D3D'), 'br_code.63'],
    ['format first', BCB_STATIC.replace('000201', ''), 'br_code.00'],
    ['format 02', BCB_STATIC.replace('000201', '000202'), 'br_code.00'],
    ['initiation 13', BCB_STATIC.replace('000201', '000201010213'), 'br_code.01'],
    ['no merchant account', BCB_STATIC.replace(/2658.{58}/, ''), 'br_code.26'],
    ['a bad GUI', BCB_STATIC.replace('br.gov.bcb.pix', 'br.gov.bcb.xyz'), 'br_code.26.00'],
    ['no GUI', BCB_STATIC.replace('26580014br.gov.bcb.pix0136', '26400136'), 'br_code.26.00'],
    ['neither key nor URL', BCB_STATIC.replace(/2658(0014br\.gov\.bcb\.pix).{40}/, '2618$1'), 'br_code.26'],
    ['no category', BCB_STATIC.replace('52040000', ''), 'br_code.52'],
    ['a category of letters', BCB_STATIC.replace('52040000', '5204ABCD'), 'br_code.52'],
    ['no currency', BCB_STATIC.replace('5303986', ''), 'br_code.53'],
    ['dollars', BCB_STATIC.replace('5303986', '5303840'), 'br_code.53'],
    ['an amount with a comma', BCB_STATIC.replace('5802BR', '540510,005802BR'), 'br_code.54'],
    ['an amount of three decimals', BCB_STATIC.replace('5802BR', '540610.0005802BR'), 'br_code.54'],
    ['an amount of zero', BCB_STATIC.replace('5802BR', '54040.005802BR'), 'br_code.54'],
    ['an amount of 14 characters', BCB_STATIC.replace('5802BR', '541412345678901.005802BR'), 'br_code.54'],
    ['no country', BCB_STATIC.replace('5802BR', ''), 'br_code.58'],
    ['another country', BCB_STATIC.replace('5802BR', '5802PT'), 'br_code.58'],
    ['no name', BCB_STATIC.replace('5913Fulano de Tal', ''), 'br_code.59'],
    ['a 26-character name', BCB_STATIC.replace('5913Fulano de Tal', `5926${'N'.repeat(26)}`), 'br_code.59'],
    ['no city', BCB_STATIC.replace('6008BRASILIA', ''), 'br_code.60'],
    ['a 16-character city', BCB_STATIC.replace('6008BRASILIA', `6016${'C'.repeat(16)}`), 'br_code.60'],
    ['no additional data', BCB_STATIC.replace('62070503***', ''), 'br_code.62'],
    ['no txid', BCB_STATIC.replace('62070503***', '62080104abcd'), 'br_code.62.05'],
    ['a static txid of 26', BCB_STATIC.replace('62070503***', `62300526${'T'.repeat(26)}`), 'br_code.62.05'],
    ['a dynamic txid of ***', BCB_STATIC.replace('000201', '000201010212'), 'br_code.62.05'],
  ])('%s', (_, payload, field) => expect(fieldOf(resigned(payload))).toBe(field));

  it('reads a key-based dynamic code with a 35-character txid, and refuses 36', () => {
    const withTxid = (txid: string) =>
      resigned(
        BCB_STATIC.replace('000201', '000201010212').replace(
          '62070503***',
          `62${txid.length + 4}05${txid.length}${txid}`,
        ),
      );
    expect(parseBrCode(withTxid('T'.repeat(35))).txid).toBe('T'.repeat(35));
    expect(fieldOf(withTxid('T'.repeat(36)))).toBe('br_code.62.05');
  });

  it('ignores surrounding whitespace, and fields Pix does not define', () => {
    expect(parseBrCode(`  ${BCB_STATIC}\n`).crc).toBe('1D3D');
    const withOthers = resigned(BCB_STATIC.replace('5204', '27160012BR.COM.OUTRO5204'));
    expect(parseBrCode(withOthers).key).toBe('123e4567-e12b-12d1-a456-426655440000');
  });
});
