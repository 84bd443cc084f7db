import { ValidationError } from './errors';
import { Ispb } from './ispb';
import {
  ACCOUNT_NUMBER_DIGITS_MAX,
  BRANCH_DIGITS_MAX,
  KEYS_PER_COMPANY_MAX,
  KEYS_PER_PERSON_MAX,
  OWNER_NAME_CHARS_MAX,
} from './limits';
import { parseTaxId, type TaxId } from './tax-id';
import { requireMatch, requireText } from './validation';

export const ACCOUNT_TYPES = ['CACC', 'SVGS', 'SLRY', 'TRAN'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Active keys an account may hold, by its owner's kind: a person (CPF) or a company (CNPJ). */
export const KEYS_PER_ACCOUNT_MAX = { cpf: KEYS_PER_PERSON_MAX, cnpj: KEYS_PER_COMPANY_MAX } as const;

const BRANCH = new RegExp(`^\\d{1,${BRANCH_DIGITS_MAX}}$`);
const ACCOUNT_NUMBER = new RegExp(`^\\d{1,${ACCOUNT_NUMBER_DIGITS_MAX}}$`);

export interface AccountProps {
  id: string;
  ispb: Ispb;
  branch: string;
  number: string;
  type: AccountType;
  ownerName: string;
  ownerTaxId: TaxId;
}

export interface AccountInput {
  ispb: unknown;
  branch: unknown;
  number: unknown;
  type: unknown;
  ownerName: unknown;
  ownerTaxId: unknown;
}

export function parseBranch(value: unknown, field = 'branch'): string {
  return requireMatch(value, BRANCH, field, `1 to ${BRANCH_DIGITS_MAX} digits`);
}

export function parseAccountNumber(value: unknown, field = 'number'): string {
  return requireMatch(value, ACCOUNT_NUMBER, field, `1 to ${ACCOUNT_NUMBER_DIGITS_MAX} digits`);
}

/** A customer account at a bank, as the hub knows it: the target of Pix keys. */
export class Account {
  private constructor(readonly props: Readonly<AccountProps>) {}

  /** Validates a bank's description of an account; field names are those of the request, under `prefix`. */
  static create(input: AccountInput, id: string, prefix = 'account.'): Account {
    const type = input.type;
    if (typeof type !== 'string' || !(ACCOUNT_TYPES as readonly string[]).includes(type)) {
      throw new ValidationError(`${prefix}type`, `must be one of ${ACCOUNT_TYPES.join(', ')}`);
    }
    return new Account({
      id,
      ispb: Ispb.create(input.ispb, `${prefix}ispb`),
      branch: parseBranch(input.branch, `${prefix}branch`),
      number: parseAccountNumber(input.number, `${prefix}number`),
      type: type as AccountType,
      ownerName: requireText(input.ownerName, `${prefix}owner_name`, OWNER_NAME_CHARS_MAX),
      ownerTaxId: parseTaxId(input.ownerTaxId, `${prefix}owner_tax_id`),
    });
  }

  static restore(props: AccountProps): Account {
    return new Account({ ...props });
  }

  get id(): string {
    return this.props.id;
  }

  get keyLimit(): number {
    return KEYS_PER_ACCOUNT_MAX[this.props.ownerTaxId.kind];
  }

  /** Same bank, branch and number: the natural identity of an account. */
  sameAccountAs(other: Account): boolean {
    const a = this.props;
    const b = other.props;
    return a.ispb.equals(b.ispb) && a.branch === b.branch && a.number === b.number;
  }
}
