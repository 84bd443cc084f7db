import { Bank, type DomainError } from '../../domain';
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
export const BANK_C = { ispb: '33333333', name: 'Banco Cinza' };
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

/** Awaits a promise that must reject and returns the reason, failing the spec if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a rejection, got a value');
}
