import { status } from '@grpc/grpc-js';
import { type BankClient, BankError, connectBank } from './bank-client';
import type { Account } from './bank-types';
import {
  DEMO_BANKS,
  DEMO_CUSTOMERS,
  DEMO_PASSWORD,
  DEMO_SETTLEMENT_FUNDING,
  type DemoCustomer,
  fundingIdempotencyKey,
} from './demo-data';
import { HubError } from './errors';
import type { HubClient } from './hub-client';

/**
 * Puts the demo world into a running stack. Safe to run on every `dev up` against the same data: funding
 * carries a fixed idempotency key, customers are found again by tax id before anything is opened,
 * deposits happen only on accounts without one, and keys already there are left alone.
 */

export interface SeededAccount {
  ispb: string;
  bankName: string;
  bankUrl: string;
  branch: string;
  number: string;
  ownerName: string;
  ownerTaxId: string;
  available: string;
  keys: string[];
}

export interface SeededBank {
  ispb: string;
  name: string;
  url: string;
  settlementAvailable: string;
}

const alreadyThere = (error: unknown) =>
  (error instanceof HubError && error.code === status.ALREADY_EXISTS) ||
  (error instanceof BankError && (error.httpStatus === 409 || error.code.endsWith('ALREADY_EXISTS')));

async function tolerateExisting<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (alreadyThere(error)) return undefined;
    throw error;
  }
}

async function seedCustomer(bank: BankClient, existing: Account[], customer: DemoCustomer): Promise<Account> {
  const account =
    existing.find((a) => a.ownerTaxId === customer.ownerTaxId && a.status === 'open') ??
    (await bank.openAccount({ ownerName: customer.ownerName, ownerTaxId: customer.ownerTaxId }));
  // Set on every seed, so data from before customers had passwords gets one too.
  await bank.setPassword(customer.ownerTaxId, DEMO_PASSWORD);
  // Checked on the statement rather than on "just opened", so a seed cut short after opening still deposits.
  const entries = await bank.statement(account.number);
  if (!entries.some((e) => e.kind === 'deposit')) await bank.deposit(account.number, customer.deposit);
  const registered = new Set((await bank.listKeys(account.number)).map((k) => k.key));
  for (const key of customer.keys) {
    if (!registered.has(key.key)) await tolerateExisting(() => bank.addKey(account.number, key));
  }
  return bank.getAccount(account.number);
}

/**
 * `banks` are the running demo banks' URLs by ISPB; each has registered itself at the hub and takes
 * `operatorToken` as its operator's.
 */
export async function seedDemo(
  hub: HubClient,
  banks: Record<string, string>,
  operatorToken: string,
): Promise<{ banks: SeededBank[]; accounts: SeededAccount[] }> {
  const seededBanks: SeededBank[] = [];
  const accounts: SeededAccount[] = [];
  for (const demoBank of DEMO_BANKS) {
    const url = banks[demoBank.ispb];
    const funding = {
      ispb: demoBank.ispb,
      amount: DEMO_SETTLEMENT_FUNDING,
      idempotencyKey: fundingIdempotencyKey(demoBank.ispb),
    };
    const settlement =
      (await tolerateExisting(() => hub.fundSettlementAccount(funding))) ??
      (await hub.getSettlementAccount(demoBank.ispb));
    seededBanks.push({ ...demoBank, url, settlementAvailable: settlement.available.toString() });

    const bank = connectBank(url, operatorToken);
    const existing = await bank.listAccounts();
    for (const customer of DEMO_CUSTOMERS.filter((c) => c.ispb === demoBank.ispb)) {
      const account = await seedCustomer(bank, existing, customer);
      accounts.push({
        ispb: demoBank.ispb,
        bankName: demoBank.name,
        bankUrl: url,
        branch: account.branch,
        number: account.number,
        ownerName: account.ownerName,
        ownerTaxId: account.ownerTaxId,
        available: account.available,
        keys: customer.keys.map((k) => k.key),
      });
    }
  }
  return { banks: seededBanks, accounts };
}
