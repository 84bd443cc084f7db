import { numberedCustomer } from '../cmd/demo-data';
import { type BankDoor, openAccount, registerKey } from '../stack/bank-http';
import type { ChaosStack } from './stack';

export interface Customer {
  ispb: string;
  /** Its bank's HTTP API, called as the bank's operator. */
  bank: BankDoor;
  account: string;
  /** An EVP key at the hub pointing at this account. */
  key: string;
}

export interface SeedOptions {
  customersPerBank: number;
  /** Each customer's opening deposit, in cents. */
  depositCents: bigint;
  /** Each bank's settlement funding at the hub, in cents. */
  fundingCents: bigint;
}

/**
 * Funds every bank at the hub and opens customers with money and an EVP key. Keys are registered at
 * the hub through hub 1, so this runs before any fault.
 */
export async function seedCustomers(stack: ChaosStack, opts: SeedOptions): Promise<Customer[]> {
  await Promise.all(stack.banks.map((b) => stack.fund(b.ispb, opts.fundingCents, `chaos-fund-${b.ispb}`)));
  const open = async (ispb: string, bank: BankDoor, i: number): Promise<Customer> => {
    const account = await openAccount(bank, numberedCustomer(ispb, i, 'Chaos Customer'), opts.depositCents);
    return { ispb, bank, account, key: await registerKey(bank, account, { kind: 'evp' }) };
  };
  const perBank = await Promise.all(
    stack.banks.map(async (bank) => {
      const customers: Customer[] = [];
      for (let i = 0; i < opts.customersPerBank; i++) customers.push(await open(bank.ispb, bank, i));
      return customers;
    }),
  );
  return perBank.flat();
}
