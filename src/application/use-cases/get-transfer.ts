import { EndToEndId, NotFoundError, type Transaction } from '../../domain';
import type { TransferQuery } from '../ports/transfer-query';

export class GetTransfer {
  constructor(private readonly query: TransferQuery) {}

  async execute(input: { endToEndId: unknown }): Promise<Transaction> {
    const id = EndToEndId.create(input.endToEndId, 'end_to_end_id');
    const transaction = await this.query.get(id.value);
    if (!transaction) throw new NotFoundError('TRANSFER.NOT_FOUND', `no transfer ${id.value}`);
    return transaction;
  }
}
