import { BadCredentialsError, TooManyAttemptsError } from '../domain';
import type { LoginThrottle } from './login-throttle';
import type { BankTransactionRunner, PasswordHasher } from './ports';

/** Who logged in, as the session and GET /me name them. */
export interface LoggedIn {
  taxId: string;
  name: string;
}

/**
 * A customer proves who they are with their tax id and password. An unknown tax id and a wrong password
 * get the same answer after the same work (the hasher checks a decoy), and each failure counts towards
 * the throttle of that tax id; a throttled tax id is refused before its password is looked at.
 */
export class LogIn {
  constructor(
    private readonly uow: BankTransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute(input: { taxId?: unknown; password?: unknown }): Promise<LoggedIn> {
    const taxId = typeof input.taxId === 'string' ? input.taxId : '';
    const password = typeof input.password === 'string' ? input.password : '';
    const wait = this.throttle.waitFor(taxId);
    if (wait !== undefined) throw new TooManyAttemptsError(wait);
    const customer = taxId ? await this.uow.read((store) => store.customers.find(taxId)) : undefined;
    if (!(await this.hasher.verify(password, customer?.passwordHash)) || !customer) {
      this.throttle.failed(taxId);
      throw new BadCredentialsError();
    }
    this.throttle.succeeded(taxId);
    return { taxId: customer.taxId, name: customer.name };
  }
}
