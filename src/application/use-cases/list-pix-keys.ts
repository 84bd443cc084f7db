import { parseAccountNumber, parseBranch } from '../../domain';
import type { PixKeyView } from '../pix-key-view';
import type { BankRepository } from '../ports/bank-repository';
import type { PixKeyRepository } from '../ports/pix-key-repository';
import { requireActiveBank } from '../require-active-bank';

export class ListPixKeys {
  constructor(
    private readonly banks: BankRepository,
    private readonly pixKeys: PixKeyRepository,
  ) {}

  async execute(input: { ispb: unknown; branch: unknown; accountNumber: unknown }): Promise<PixKeyView[]> {
    const branch = parseBranch(input.branch);
    const number = parseAccountNumber(input.accountNumber, 'account_number');
    const bank = await requireActiveBank(this.banks, input.ispb);
    return this.pixKeys.listViewsByAccount(bank.ispb.value, branch, number);
  }
}
