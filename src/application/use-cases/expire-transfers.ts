import type { Clock } from '../ports/clock';
import type { TransferUnitOfWork } from '../ports/transfer-unit-of-work';
import { rejectExpired } from '../reject-and-release';

/**
 * The sweeper: rejects pending transfers whose deadline passed, releasing their reservations. Several
 * hub instances may run it at once; each unit of work gets only rows no other one holds.
 */
export class ExpireTransfers {
  constructor(private readonly clock: Clock) {}

  /** Returns how many transfers it rejected. */
  async execute(uow: TransferUnitOfWork, limit: number): Promise<number> {
    const now = this.clock.now();
    let rejected = 0;
    for (const transfer of await uow.expiredPending(now, limit)) {
      // Rechecked: the adapter's query and this clock may disagree by the time the rows are locked.
      if (transfer.status !== 'pending' || !transfer.isPastDeadline(now)) continue;
      await rejectExpired(uow, transfer, now);
      rejected++;
    }
    return rejected;
  }
}
