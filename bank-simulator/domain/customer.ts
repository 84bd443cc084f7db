/**
 * A customer of the bank: a tax id (CPF or CNPJ) with a name and the hash of the password they log in
 * with. Accounts are owned by the tax id; a customer exists once the operator has set a password.
 */
export interface Customer {
  taxId: string;
  name: string;
  /** Never the password itself: the hash the infrastructure made of it. */
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Who is calling the bank's API: its operator (the back office), or one customer by tax id. */
export type Principal = { kind: 'operator' } | { kind: 'customer'; taxId: string };
