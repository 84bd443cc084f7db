import { ValidationError } from './errors';
import { Ispb } from './ispb';
import { parseTaxId, type TaxId } from './tax-id';
import { requireMatch, requireText } from './validation';

export const ACCOUNT_TYPES = ['CACC', 'SVGS', 'SLRY', 'TRAN'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Active keys an account may hold: 5 for a person (CPF), 20 for a company (CNPJ). */
export const KEY_LIMIT = { cpf: 5, cnpj: 20 } as const;

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
  return requireMatch(value, /^\d{1,4}$/, field, '1 to 4 digits');
}

export function parseAccountNumber(value: unknown, field = 'number'): string {
  return requireMatch(value, /^\d{1,20}$/, field, '1 to 20 digits');
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
      ownerName: requireText(input.ownerName, `${prefix}owner_name`, 140),
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
    return KEY_LIMIT[this.props.ownerTaxId.kind];
  }

  /** Same bank, branch and number: the natural identity of an account. */
  sameAccountAs(other: Account): boolean {
    const a = this.props;
    const b = other.props;
    return a.ispb.equals(b.ispb) && a.branch === b.branch && a.number === b.number;
  }
}
