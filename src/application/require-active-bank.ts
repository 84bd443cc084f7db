import { type Bank, Ispb, PreconditionError } from '../domain';
import type { BankRepository } from './ports/bank-repository';

/** The bank must be registered (active or not). */
export async function requireRegisteredBank(banks: BankRepository, ispb: unknown): Promise<Bank> {
  const id = Ispb.create(ispb);
  const bank = await banks.findByIspb(id.value);
  if (!bank) throw new PreconditionError('BANK.NOT_REGISTERED', `bank ${id.value} is not registered`);
  return bank;
}

/** The calling bank must be registered and active before it may touch the directory. */
export async function requireActiveBank(banks: BankRepository, ispb: unknown): Promise<Bank> {
  const bank = await requireRegisteredBank(banks, ispb);
  bank.assertActive();
  return bank;
}
