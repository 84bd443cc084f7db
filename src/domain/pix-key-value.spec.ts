import fc from 'fast-check';
import { vectors } from '../../test/support/vectors';
import { ValidationError } from './errors';
import { Email, Evp, KEY_KINDS, normaliseKey, Phone, parseKeyKind } from './pix-key-value';
import { Cnpj, Cpf } from './tax-id';
import { expectRefusal } from './testing/refusal';

const factories = {
  cpf: (v: unknown, f: string) => Cpf.create(v, f).value,
  cnpj: (v: unknown, f: string) => Cnpj.create(v, f).value,
  email: (v: unknown, f: string) => Email.create(v, f).value,
  phone: (v: unknown, f: string) => Phone.create(v, f).value,
} as const;

describe('the vector file', () => {
  // Fails when a new set of vectors appears, so none goes untested.
  it('holds only sets these specs use', () => {
    expect(Object.keys(vectors).sort()).toEqual(
      ['about', 'cnpj', 'cpf', 'email', 'end_to_end_id', 'evp', 'phone'].sort(),
    );
    for (const kind of ['cpf', 'cnpj', 'email', 'phone'] as const) {
      for (const key of Object.keys(vectors[kind])) expect(['valid', 'invalid', 'normalised']).toContain(key);
    }
  });
});

describe.each(['cpf', 'cnpj', 'email', 'phone'] as const)('%s vectors', (kind) => {
  const set = vectors[kind];

  it('has vectors on both sides', () => {
    expect(set.valid.length).toBeGreaterThan(0);
    expect(set.invalid.length).toBeGreaterThan(0);
  });

  it.each(set.valid)('accepts %j unchanged', (value) => {
    expect(factories[kind](value, 'request.key')).toBe(value);
    expect(normaliseKey(kind, value)).toBe(value);
  });

  const normalised = Object.entries(set.normalised ?? {});
  if (normalised.length > 0) {
    it.each(normalised)('normalises %j to %j', (value, expected) => {
      expect(factories[kind](value, 'request.key')).toBe(expected);
      expect(normaliseKey(kind, value, 'key')).toBe(expected);
    });
  }

  it.each(set.invalid)('refuses %j, naming the field passed in', (value) => {
    expectRefusal(() => factories[kind](value, 'request.key'), 'request.key');
    expectRefusal(() => normaliseKey(kind, value, 'pix_key.key'), 'pix_key.key');
    expectRefusal(() => normaliseKey(kind, value), 'key');
  });
});

describe('parseKeyKind', () => {
  it.each(KEY_KINDS)('accepts %s', (kind) => {
    expect(parseKeyKind(kind)).toBe(kind);
  });

  it.each(['CPF', 'mail', '', 'toString', undefined, 3])('refuses %j naming the field', (value) => {
    expectRefusal(() => parseKeyKind(value, 'key_kind'), 'key_kind');
    expectRefusal(() => parseKeyKind(value), 'kind');
  });
});

describe('Email', () => {
  const emailLike = fc.stringMatching(/^[A-Za-z0-9._%+-]{1,20}@[A-Za-z0-9-]{1,12}(\.[A-Za-z]{2,6}){1,2}$/);

  it('lower-cases well-formed addresses, idempotently', () => {
    fc.assert(
      fc.property(emailLike, (raw) => {
        const once = Email.create(raw).value;
        expect(once).toBe(raw.toLowerCase());
        expect(Email.create(once).value).toBe(once);
        expect(Email.create(once.toUpperCase()).value).toBe(once);
      }),
    );
  });

  it('accepts exactly 77 characters and refuses 78', () => {
    const domain = '@example.com';
    expect(Email.create(`${'a'.repeat(77 - domain.length)}${domain}`).value).toHaveLength(77);
    expectRefusal(() => Email.create(`${'a'.repeat(78 - domain.length)}${domain}`), 'email');
  });

  it('refuses addresses without exactly one @ or without a dotted domain', () => {
    fc.assert(
      fc.property(emailLike, (raw) => {
        const [local, domain] = raw.split('@');
        expectRefusal(() => Email.create(`${local}${domain}`), 'email');
        expectRefusal(() => Email.create(`${local}@@${domain}`), 'email');
        expectRefusal(() => Email.create(`${local}@${domain.split('.')[0]}`), 'email');
      }),
    );
  });

  it('never returns an upper-case or over-long value', () => {
    fc.assert(
      fc.property(fc.oneof(emailLike, fc.string(), fc.string({ unit: 'binary' })), (raw) => {
        try {
          const { value } = Email.create(raw);
          expect(value).toBe(value.toLowerCase());
          expect(value.length).toBeLessThanOrEqual(77);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
    );
  });
});

describe('Phone', () => {
  /** An oracle written without a regex: `+`, a non-zero digit, then 1 to 14 more digits. */
  const isE164 = (s: string) =>
    s.length >= 3 &&
    s.length <= 16 &&
    s[0] === '+' &&
    s[1] !== '0' &&
    [...s.slice(1)].every((c) => c >= '0' && c <= '9');

  it('accepts + and 2 to 15 digits not starting with 0, unchanged', () => {
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), digits(1, 14), (first, rest) => {
        const phone = `+${first}${rest}`;
        expect(Phone.create(phone).value).toBe(phone);
        expectRefusal(() => Phone.create(`${first}${rest}`), 'phone');
        expectRefusal(() => Phone.create(`+0${rest}`), 'phone');
        expectRefusal(() => Phone.create(`+${first}${rest}${'1'.repeat(15 - rest.length)}`), 'phone');
      }),
    );
  });

  it('agrees with an independent E.164 check on arbitrary strings', () => {
    const near = fc.string({ unit: fc.constantFrom(...'+0123456789 -a'), maxLength: 18 });
    fc.assert(
      fc.property(fc.oneof(near, fc.string()), (raw) => {
        if (isE164(raw)) expect(Phone.create(raw, 'p').value).toBe(raw);
        else expectRefusal(() => Phone.create(raw, 'p'), 'p');
      }),
    );
  });
});

describe('Evp', () => {
  it('accepts a UUID v4 and lower-cases it', () => {
    fc.assert(
      fc.property(fc.uuid({ version: 4 }), (uuid) => {
        expect(Evp.create(uuid.toUpperCase()).value).toBe(uuid.toLowerCase());
        expect(normaliseKey('evp', uuid)).toBe(uuid.toLowerCase());
      }),
    );
  });

  it.each([
    '6f1c7c2e-1f1b-1c4d-8a3e-2b1c0d9e8f7a', // version 1
    '6f1c7c2e-1f1b-4c4d-7a3e-2b1c0d9e8f7a', // bad variant
    '6f1c7c2e1f1b4c4d8a3e2b1c0d9e8f7a', // no dashes
    '',
  ])('refuses %j', (value) => {
    expectRefusal(() => Evp.create(value, 'evp_key'), 'evp_key');
  });
});

describe('validators on arbitrary input', () => {
  const anyInput = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.stringMatching(/^\d{11}$|^\d{14}$/),
    fc.anything(),
  );

  it.each(KEY_KINDS)(
    'normaliseKey(%s) returns a string or throws a ValidationError naming the field',
    (kind) => {
      fc.assert(
        fc.property(anyInput, (raw) => {
          try {
            expect(typeof normaliseKey(kind, raw, 'f')).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            expect((error as ValidationError).field).toBe('f');
          }
        }),
      );
    },
  );
});
