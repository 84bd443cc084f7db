import fc from 'fast-check';
import { ValidationError } from './errors';
import { Cnpj, Cpf, parseTaxId } from './tax-id';
import { expectRefusal } from './testing/refusal';

// Check digits computed here the textbook way, independently of the code under test.
/** CPF: weights 10..2 then 11..2 from the left; `(sum * 10) % 11`, 10 becoming 0. */
function cpfCheckDigits(body: number[]): string {
  const dv = (ds: number[]) => ((ds.reduce((acc, d, i) => acc + d * (ds.length + 1 - i), 0) * 10) % 11) % 10;
  const first = dv(body);
  return `${first}${dv([...body, first])}`;
}

/** CNPJ: weights 2..9 repeating from the right; remainder below 2 gives 0, else 11 - remainder. */
function cnpjCheckDigits(body: number[]): string {
  const dv = (ds: number[]) => {
    const sum = [...ds].reverse().reduce((acc, d, i) => acc + d * (2 + (i % 8)), 0);
    return sum % 11 < 2 ? 0 : 11 - (sum % 11);
  };
  const first = dv(body);
  return `${first}${dv([...body, first])}`;
}

const digitsArb = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
const allSame = (s: string) => [...s].every((c) => c === s[0]);

/** Replaces the digit at `index` by another digit, `shift` (1..9) steps further mod 10. */
function changeDigit(s: string, index: number, shift: number): string {
  return `${s.slice(0, index)}${(Number(s[index]) + shift) % 10}${s.slice(index + 1)}`;
}

describe('check digit oracles', () => {
  it('agree with well-known ids', () => {
    expect(cpfCheckDigits([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe('09');
    expect(cpfCheckDigits([5, 2, 9, 9, 8, 2, 2, 4, 7])).toBe('25');
    expect(cnpjCheckDigits([1, 1, 2, 2, 2, 3, 3, 3, 0, 0, 0, 1])).toBe('81');
  });
});

describe('Cpf', () => {
  it('accepts 9 random digits followed by their check digits (repeated digits aside)', () => {
    fc.assert(
      fc.property(digitsArb(9), (body) => {
        const cpf = `${body.join('')}${cpfCheckDigits(body)}`;
        if (allSame(cpf)) expectRefusal(() => Cpf.create(cpf), 'cpf');
        else expect(Cpf.create(cpf).value).toBe(cpf);
      }),
    );
  });

  it('refuses a valid CPF with either check digit changed', () => {
    fc.assert(
      fc.property(digitsArb(9), fc.constantFrom(9, 10), fc.integer({ min: 1, max: 9 }), (body, at, shift) => {
        const cpf = changeDigit(`${body.join('')}${cpfCheckDigits(body)}`, at, shift);
        expectRefusal(() => Cpf.create(cpf, 'owner.cpf'), 'owner.cpf');
      }),
    );
  });

  it.each(['00000000000', '11111111111', '99999999999'])('refuses repeated digits %s', (cpf) => {
    expectRefusal(() => Cpf.create(cpf), 'cpf');
  });

  it('masks as ***.456.789-**, showing only the middle six digits', () => {
    expect(Cpf.create('12345678909').masked()).toBe('***.456.789-**');
    fc.assert(
      fc.property(digitsArb(9), (body) => {
        const cpf = `${body.join('')}${cpfCheckDigits(body)}`;
        fc.pre(!allSame(cpf));
        const masked = Cpf.create(cpf).masked();
        expect(masked).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);
        expect(masked.replace(/\D/g, '')).toBe(cpf.slice(3, 9));
      }),
    );
  });

  it('has kind cpf', () => {
    expect(Cpf.create('52998224725').kind).toBe('cpf');
  });
});

describe('Cnpj', () => {
  it('accepts 12 random digits followed by their check digits (repeated digits aside)', () => {
    fc.assert(
      fc.property(digitsArb(12), (body) => {
        const cnpj = `${body.join('')}${cnpjCheckDigits(body)}`;
        if (allSame(cnpj)) expectRefusal(() => Cnpj.create(cnpj), 'cnpj');
        else expect(Cnpj.create(cnpj).value).toBe(cnpj);
      }),
    );
  });

  it('refuses a valid CNPJ with either check digit changed', () => {
    fc.assert(
      fc.property(
        digitsArb(12),
        fc.constantFrom(12, 13),
        fc.integer({ min: 1, max: 9 }),
        (body, at, shift) => {
          const cnpj = changeDigit(`${body.join('')}${cnpjCheckDigits(body)}`, at, shift);
          expectRefusal(() => Cnpj.create(cnpj, 'owner.cnpj'), 'owner.cnpj');
        },
      ),
    );
  });

  it('masks the branch suffix and check digits', () => {
    expect(Cnpj.create('11222333000181').masked()).toBe('11.222.333/****-**');
  });

  it('has kind cnpj', () => {
    expect(Cnpj.create('11222333000181').kind).toBe('cnpj');
  });
});

describe('parseTaxId', () => {
  it('reads 11 digits as a CPF and 14 as a CNPJ', () => {
    expect(parseTaxId('52998224725')).toBeInstanceOf(Cpf);
    expect(parseTaxId('11222333000181')).toBeInstanceOf(Cnpj);
  });

  it.each(['123', '1122233300018', '112223330001811', '5299822472a'])(
    'tells %j that a CPF (11 digits) and a CNPJ (14 digits) are both welcome',
    (value) => {
      expect(() => parseTaxId(value, 'ownerTaxId')).toThrow(
        'ownerTaxId: must be a CPF (11 digits) or a CNPJ (14 digits)',
      );
    },
  );

  it.each(['', '123', '1122233300018', '112223330001811', '11222333000182', null])(
    'refuses %j naming the field',
    (value) => {
      expectRefusal(() => parseTaxId(value, 'account.owner_tax_id'), 'account.owner_tax_id');
      expectRefusal(() => parseTaxId(value), 'owner_tax_id');
    },
  );

  it('never throws anything but a ValidationError naming the field', () => {
    const input = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.stringMatching(/^\d{11}$/),
      fc.stringMatching(/^\d{14}$/),
      fc.anything(),
    );
    fc.assert(
      fc.property(input, (raw) => {
        for (const parse of [parseTaxId, Cpf.create, Cnpj.create]) {
          try {
            expect(parse(raw, 'tax').value).toMatch(/^(\d{11}|\d{14})$/);
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            expect((error as ValidationError).field).toBe('tax');
          }
        }
      }),
    );
  });
});
