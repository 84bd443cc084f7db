import { ValidationError } from './errors';
import { requireMatch } from './validation';

/** Mod-11 check digit of `digits`, each multiplied by the weight at its position. */
function checkDigit(digits: string, weights: readonly number[]): number {
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

const CPF_WEIGHTS = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

function hasValidCheckDigits(value: string, weights: readonly number[]): boolean {
  const body = value.length - 2;
  const first = checkDigit(value.slice(0, body), weights.slice(1));
  const second = checkDigit(value.slice(0, body + 1), weights);
  return /^(\d)\1*$/.test(value) === false && value.endsWith(`${first}${second}`);
}

/** A person's tax id: 11 digits with valid mod-11 check digits. Repeated digits (000...) are refused. */
export class Cpf {
  readonly kind = 'cpf';
  private constructor(readonly value: string) {}

  static create(value: unknown, field = 'cpf'): Cpf {
    const digits = requireMatch(value, /^\d{11}$/, field, '11 digits');
    if (!hasValidCheckDigits(digits, CPF_WEIGHTS))
      throw new ValidationError(field, 'has invalid check digits');
    return new Cpf(digits);
  }

  /** `***.456.789-**`: only the middle six digits are shown, as the central bank prescribes. */
  masked(): string {
    return `***.${this.value.slice(3, 6)}.${this.value.slice(6, 9)}-**`;
  }
}

/** A company's tax id: 14 digits with valid check digits. */
export class Cnpj {
  readonly kind = 'cnpj';
  private constructor(readonly value: string) {}

  static create(value: unknown, field = 'cnpj'): Cnpj {
    const digits = requireMatch(value, /^\d{14}$/, field, '14 digits');
    if (!hasValidCheckDigits(digits, CNPJ_WEIGHTS))
      throw new ValidationError(field, 'has invalid check digits');
    return new Cnpj(digits);
  }

  /** Company ids are public registry data; only the branch suffix and check digits are hidden. */
  masked(): string {
    const v = this.value;
    return `${v.slice(0, 2)}.${v.slice(2, 5)}.${v.slice(5, 8)}/****-**`;
  }
}

export type TaxId = Cpf | Cnpj;

/** An owner's tax id: a CPF (11 digits) or a CNPJ (14 digits). */
export function parseTaxId(value: unknown, field = 'owner_tax_id'): TaxId {
  // Either kind is welcome here, so a value of neither length is told both.
  const digits = requireMatch(value, /^(\d{11}|\d{14})$/, field, 'a CPF (11 digits) or a CNPJ (14 digits)');
  return digits.length === 14 ? Cnpj.create(digits, field) : Cpf.create(digits, field);
}
