import { InvariantViolation, Ispb } from '../../domain';
import { ConfirmTransfer } from '../use-cases/confirm-transfer';
import { ExpireTransfers } from '../use-cases/expire-transfers';
import { BANK_A, BANK_B, BANK_C } from './directory-fixture';
import { e2eId, POLICY, transferFixture } from './transfer-fixture';

const ID = e2eId(1);
const [A, B, C] = [BANK_A, BANK_B, BANK_C].map((bank) => Ispb.create(bank.ispb));

/** The fake's unit of work reads only what it prefetched, as the hub's does in the tests. */
describe('InMemoryUnitOfWork', () => {
  it("reads a prefetched transfer and its parties' settlement accounts, and nothing else", async () => {
    const f = await transferFixture();
    await f.pending();
    const uow = f.store.unitOfWork({ endToEndIds: [ID] });
    expect((await uow.findTransfer(ID))?.transfer.status).toBe('pending');
    expect((await uow.settlementAccount(A)).snapshot.reserved.cents).toBe(1500n);
    // Locked, never funded: opened empty, as the adapter opens it.
    expect((await uow.settlementAccount(B)).snapshot.balance).toBe(0n);
    await expect(uow.settlementAccount(C)).rejects.toThrow(InvariantViolation);
    await expect(uow.findTransfer(e2eId(2))).rejects.toThrow(InvariantViolation);
  });

  it('reads the banks it was asked for, and a transfer prefetched that does not exist', async () => {
    const f = await transferFixture();
    const uow = f.store.unitOfWork({ endToEndIds: [ID], ispbs: [BANK_C.ispb] });
    expect(await uow.findTransfer(ID)).toBeUndefined();
    expect((await uow.settlementAccount(C)).snapshot.balance).toBe(0n);
    await expect(uow.settlementAccount(A)).rejects.toThrow(InvariantViolation);
    // As at the hub: a string that is no end-to-end id names no row, so reading it locks nothing.
    expect(await f.store.unitOfWork().findTransfer('not an end-to-end id')).toBeUndefined();
  });

  it('lets a unit of work holding nothing lock its first row, as a gRPC call funding one bank does', async () => {
    const f = await transferFixture();
    const uow = f.store.unitOfWork();
    expect((await uow.settlementAccount(A)).ispb.equals(A)).toBe(true);
    await expect(uow.settlementAccount(B)).rejects.toThrow(InvariantViolation);
  });

  it('locks what its sweep queries return: expired transfers with their accounts, unacknowledged without', async () => {
    const f = await transferFixture();
    await f.pending(1);
    await f.pending(2);
    await f.reply(e2eId(2), (uow) =>
      new ConfirmTransfer(f.clock).execute(uow, { endToEndId: e2eId(2), ispb: BANK_B.ispb }),
    );
    f.clock.advance(POLICY.deadlineMs + 1);
    const sweep = f.store.unitOfWork();
    expect((await sweep.expiredPending(f.clock.now(), 10)).map((t) => t.id.value)).toEqual([ID]);
    expect(await sweep.settlementAccount(A)).toBeDefined();
    const acks = f.store.unitOfWork();
    const due = await acks.unacknowledged(
      { now: f.clock.now(), confirmedBefore: f.clock.now(), overdueBefore: new Date(0) },
      10,
    );
    expect(due.map((u) => u.transfer.id.value)).toEqual([e2eId(2)]);
    expect((await acks.findTransfer(e2eId(2)))?.transfer.status).toBe('confirmed');
    await expect(acks.settlementAccount(A)).rejects.toThrow(InvariantViolation);
  });

  it('catches a use case run in a unit of work that did not prefetch what it reads', async () => {
    const f = await transferFixture();
    await f.pending();
    const confirm = f.store.run(
      (uow) => new ConfirmTransfer(f.clock).execute(uow, { endToEndId: ID, ispb: BANK_B.ispb }),
      { ispbs: [BANK_A.ispb, BANK_B.ispb] },
    );
    await expect(confirm).rejects.toThrow(InvariantViolation);
    f.clock.advance(POLICY.deadlineMs + 1);
    expect(await f.sweep((uow) => new ExpireTransfers(f.clock).execute(uow, 10))).toBe(1);
  });
});
