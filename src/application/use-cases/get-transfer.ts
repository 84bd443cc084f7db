import { EndToEndId, NotFoundError } from '../../domain';
import type { TransferQuery, TransferRead } from '../ports/transfer-query';

export class GetTransfer {
  constructor(private readonly query: TransferQuery) {}

  async execute(input: { endToEndId: unknown }): Promise<TransferRead> {
    const id = EndToEndId.create(input.endToEndId, 'end_to_end_id');
    const read = await this.query.get(id.value);
    if (!read) throw new NotFoundError('TRANSFER.NOT_FOUND', `no transfer ${id.value}`);
    return read;
  }
}
