import { cpf } from '../bench/customers';
import { expectStatus } from './bank-http';
import type { ChaosStack } from './stack';

export interface Customer {
  ispb: string;
  bankUrl: string;
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
  const open = async (ispb: string, bankUrl: string, i: number): Promise<Customer> => {
    const owner = { ownerName: `Chaos Customer ${ispb}-${i}`, ownerTaxId: cpf(Number(ispb[0]) * 1e6 + i) };
    const { number } = await expectStatus(201, bankUrl, 'POST', '/accounts', owner);
    await expectStatus(201, bankUrl, 'POST', `/accounts/${number}/deposits`, {
      amount: opts.depositCents.toString(),
    });
    const { key } = await expectStatus(201, bankUrl, 'POST', `/accounts/${number}/pix-keys`, { kind: 'evp' });
    return { ispb, bankUrl, account: number, key };
  };
  const perBank = await Promise.all(
    stack.banks.map(async (bank) => {
      const customers: Customer[] = [];
      for (let i = 0; i < opts.customersPerBank; i++) customers.push(await open(bank.ispb, bank.url, i));
      return customers;
    }),
  );
  return perBank.flat();
}
