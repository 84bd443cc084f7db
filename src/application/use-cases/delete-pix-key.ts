import { ForbiddenError, NotFoundError } from '../../domain';
import type { BankRepository } from '../ports/bank-repository';
import type { Clock } from '../ports/clock';
import type { PixKeyRepository } from '../ports/pix-key-repository';
import { requireActiveBank } from '../require-active-bank';
import { parseAnyKey } from './find-pix-key';

/** Only the bank that holds the account may delete its key. */
export class DeletePixKey {
  constructor(
    private readonly banks: BankRepository,
    private readonly pixKeys: PixKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: { ispb: unknown; key: unknown }): Promise<void> {
    const value = parseAnyKey(input.key);
    const bank = await requireActiveBank(this.banks, input.ispb);
    const key = await this.pixKeys.findActive(value);
    const notFound = new NotFoundError('PIX_KEY.NOT_FOUND', `no active key ${value}`);
    if (!key) throw notFound;
    if (!key.account.props.ispb.equals(bank.ispb)) {
      throw new ForbiddenError('PIX_KEY.NOT_OWNED', `key ${value} belongs to another bank`);
    }
    key.delete(this.clock.now());
    if (!(await this.pixKeys.markDeleted(key))) throw notFound;
  }
}
