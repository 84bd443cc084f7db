import { ValidationError } from './errors';
import { PIX_KEY_CHARS_MAX } from './limits';
import { Cnpj, Cpf } from './tax-id';
import { requireMatch } from './validation';

export const KEY_KINDS = ['cpf', 'cnpj', 'email', 'phone', 'evp'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export function parseKeyKind(value: unknown, field = 'kind'): KeyKind {
  if (typeof value === 'string' && (KEY_KINDS as readonly string[]).includes(value)) return value as KeyKind;
  throw new ValidationError(field, `must be one of ${KEY_KINDS.join(', ')}`);
}

/** Lower-cased; one `@`; a dotted domain; at most PIX_KEY_CHARS_MAX characters (the central bank's limit). */
export class Email {
  private constructor(readonly value: string) {}

  static create(value: unknown, field = 'email'): Email {
    const lower = typeof value === 'string' ? value.toLowerCase() : value;
    const email = requireMatch(
      lower,
      /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/,
      field,
      'an email address',
    );
    if (email.length > PIX_KEY_CHARS_MAX) {
      throw new ValidationError(field, `must be at most ${PIX_KEY_CHARS_MAX} characters`);
    }
    return new Email(email);
  }
}

/** E.164: `+`, a country code not starting with 0, at most 15 digits in all. */
export class Phone {
  private constructor(readonly value: string) {}

  static create(value: unknown, field = 'phone'): Phone {
    return new Phone(
      requireMatch(value, /^\+[1-9]\d{1,14}$/, field, 'an E.164 number such as +5511987654321'),
    );
  }
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A random key (UUID v4). The hub generates it; callers only ever quote one back. */
export class Evp {
  private constructor(readonly value: string) {}

  static create(value: unknown, field = 'evp'): Evp {
    const lower = typeof value === 'string' ? value.toLowerCase() : value;
    return new Evp(requireMatch(lower, UUID_V4, field, 'a UUID v4'));
  }
}

/** Validates and normalises a key of the given kind, naming `field` in any error. */
export function normaliseKey(kind: KeyKind, value: unknown, field = 'key'): string {
  switch (kind) {
    case 'cpf':
      return Cpf.create(value, field).value;
    case 'cnpj':
      return Cnpj.create(value, field).value;
    case 'email':
      return Email.create(value, field).value;
    case 'phone':
      return Phone.create(value, field).value;
    case 'evp':
      return Evp.create(value, field).value;
  }
}

/** Tells a key's kind from its shape alone; the shapes of the five kinds do not overlap. */
export function inferKeyKind(value: unknown, field = 'key'): KeyKind {
  if (typeof value !== 'string' || value === '') throw new ValidationError(field, 'is required');
  if (value.includes('@')) return 'email';
  if (value.startsWith('+')) return 'phone';
  if (/^\d{11}$/.test(value)) return 'cpf';
  if (/^\d{14}$/.test(value)) return 'cnpj';
  if (/^[0-9a-fA-F-]{36}$/.test(value)) return 'evp';
  throw new ValidationError(field, 'is not a CPF, CNPJ, email, phone or EVP key');
}
