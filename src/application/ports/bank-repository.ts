import type { Bank } from '../../domain';

export interface BankRepository {
  /** Inserts a new bank; throws AlreadyExistsError (BANK.ALREADY_EXISTS) when the ISPB is taken. */
  add(bank: Bank): Promise<void>;
  update(bank: Bank): Promise<void>;
  findByIspb(ispb: string): Promise<Bank | null>;
  list(): Promise<Bank[]>;
}
