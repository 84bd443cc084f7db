import { Bank, type DomainError } from '../../domain';
import { RegisterPixKey } from '../use-cases/register-pix-key';
import { FixedClock } from './fixed-clock';
import {
  InMemoryAccountRepository,
  InMemoryBankRepository,
  InMemoryPixKeyRepository,
} from './in-memory-repositories';
import { SequentialIds } from './sequential-ids';

/** Banks every directory spec starts with: A and B active, C deactivated; 99999999 is never registered. */
export const BANK_A = { ispb: '11111111', name: 'Banco Azul' };
export const BANK_B = { ispb: '22222222', name: 'Banco Verde' };
export const BANK_C = { ispb: '33333333', name: 'Banco Roxo' };
export const UNREGISTERED_ISPB = '99999999';

/** Account descriptions as a bank sends them (the ISPB is the caller's). */
export const PERSON = {
  branch: '0001',
  number: '12345',
  type: 'CACC',
  ownerName: 'Maria Souza',
  ownerTaxId: '52998224725',
};
export const COMPANY = {
  branch: '0001',
  number: '77000',
  type: 'CACC',
  ownerName: 'Azul Comercio Ltda',
  ownerTaxId: '11222333000181',
};

/** The view of any key on PERSON's account at bank A, but for the key, its kind and creation time. */
export const PERSON_AT_BANK_A_VIEW = {
  ownerName: 'Maria Souza',
  ownerTaxIdMasked: '***.982.247-**',
  ispb: BANK_A.ispb,
  bankName: BANK_A.name,
  branch: '0001',
  accountNumber: '12345',
  accountType: 'CACC',
};

/** Fresh fakes sharing one store, wired as the container wires the real adapters. */
export function directoryFixture() {
  const clock = new FixedClock();
  const ids = new SequentialIds();
  const banks = new InMemoryBankRepository();
  const accounts = new InMemoryAccountRepository(banks);
  const pixKeys = new InMemoryPixKeyRepository(banks, accounts);
  return { clock, ids, banks, accounts, pixKeys };
}

/** The fixture with banks A, B (active) and C (inactive) stored. */
export async function directoryWithBanks() {
  const fixture = directoryFixture();
  for (const input of [BANK_A, BANK_B, BANK_C]) {
    const bank = Bank.register(input, fixture.clock.now());
    if (input === BANK_C) bank.deactivate();
    await fixture.banks.add(bank);
  }
  return fixture;
}

/**
 * The fixture with banks stored and `register`, which runs RegisterPixKey as bank A for PERSON's account
 * unless given another account or calling ISPB.
 */
export async function directoryWithRegistration() {
  const fixture = await directoryWithBanks();
  const registerPixKey = new RegisterPixKey(
    fixture.banks,
    fixture.accounts,
    fixture.pixKeys,
    fixture.clock,
    fixture.ids,
  );
  const register = (kind: unknown, key: unknown, account = PERSON, ispb: unknown = BANK_A.ispb) =>
    registerPixKey.execute({ ispb, kind, key, account });
  return { ...fixture, register };
}

/** Deactivates a bank already stored, behind the use cases' back, and saves it. */
export async function deactivateStoredBank(banks: InMemoryBankRepository, ispb: string): Promise<void> {
  const bank = await banks.findByIspb(ispb);
  if (!bank) throw new Error(`bank ${ispb} is not stored`);
  bank.deactivate();
  await banks.update(bank);
}

/** Awaits a promise that must reject and returns the reason, failing the spec if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a rejection, got a value');
}
