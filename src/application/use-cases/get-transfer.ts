import { EndToEndId, NotFoundError, type Transfer } from '../../domain';
import type { TransferQuery } from '../ports/transfer-query';

export class GetTransfer {
  constructor(private readonly query: TransferQuery) {}

  async execute(input: { endToEndId: unknown }): Promise<Transfer> {
    const id = EndToEndId.create(input.endToEndId, 'end_to_end_id');
    const transfer = await this.query.get(id.value);
    if (!transfer) throw new NotFoundError('TRANSFER.NOT_FOUND', `no transfer ${id.value}`);
    return transfer;
  }
}
