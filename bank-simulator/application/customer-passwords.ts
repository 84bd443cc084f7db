import { parseTaxId, ValidationError } from '../../src/domain';
import { type Customer, CustomerNotFoundError } from '../domain';
import type { BankTransactionRunner, BankUnitOfWork, Clock, PasswordHasher } from './ports';

/** A password a customer may set: a string of the hasher's allowed length, kept as given. */
export function parseNewPassword(value: unknown, hasher: PasswordHasher, field = 'password'): string {
  const { lengthMin, lengthMax } = hasher;
  const length = typeof value === 'string' ? [...value].length : -1;
  if (length < lengthMin || length > lengthMax) {
    throw new ValidationError(field, `must be text of ${lengthMin} to ${lengthMax} characters`);
  }
  return value as string;
}

/** Sets (or replaces) a customer's password hash in the unit of work; a new customer gets `name`. */
export async function savePassword(
  tx: BankUnitOfWork,
  customer: { taxId: string; name: string; passwordHash: string },
  now: Date,
): Promise<void> {
  const existing = await tx.customers.find(customer.taxId);
  const saved: Customer = existing
    ? { ...existing, passwordHash: customer.passwordHash, updatedAt: now }
    : { ...customer, createdAt: now, updatedAt: now };
  await tx.customers.save(saved);
}

/**
 * The operator sets a customer's password (PUT /customers/:taxId/password): the tax id must own an
 * account here; a first password makes the customer, named as their first account is.
 */
export class SetPassword {
  constructor(
    private readonly uow: BankTransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async execute(taxId: unknown, input: { password?: unknown }): Promise<void> {
    const owner = parseTaxId(taxId, 'taxId').value;
    const password = parseNewPassword(input.password, this.hasher);
    // Hashed before the transaction: tens of milliseconds no row lock needs to wait for.
    const passwordHash = await this.hasher.hash(password);
    await this.uow.run(async (tx) => {
      const [first] = await tx.accounts.listOwnedBy(owner);
      if (!first) throw new CustomerNotFoundError(owner);
      await savePassword(tx, { taxId: owner, name: first.props.ownerName, passwordHash }, this.clock.now());
    });
  }
}
