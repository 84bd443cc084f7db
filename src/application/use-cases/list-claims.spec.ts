import { ForbiddenError, NotFoundError } from '../../domain';
import { claimFixture, OTHER_AT_B, PHONE } from '../testing/claim-fixture';
import { rejectionOf } from '../testing/directory-fixture';

describe('ListClaims and GetClaim', () => {
  it("lists the calling bank's claims by role and status, newest first, and shows one to its parties", async () => {
    const f = await claimFixture();
    const first = await f.create('portability');
    f.clock.advance(1_000);
    const second = await f.create('ownership', PHONE, OTHER_AT_B);
    await f.acknowledge(second.id, f.donor);
    const ids = async (input: Parameters<typeof f.list.execute>[0]) =>
      (await f.list.execute(input)).map((c) => c.id);
    expect(await ids({ ispb: f.claimer, role: 'claimer' })).toEqual([second.id, first.id]);
    expect(await ids({ ispb: f.claimer, role: 'donor' })).toEqual([]);
    expect(await ids({ ispb: f.donor })).toEqual([second.id, first.id]);
    expect(await ids({ ispb: f.donor, status: 'open' })).toEqual([first.id]);
    expect(await ids({ ispb: f.donor, key: PHONE })).toEqual([second.id]);
    expect(await rejectionOf(f.list.execute({ ispb: f.donor, status: 'stuck' }))).toMatchObject({
      field: 'status',
    });
    expect(await rejectionOf(f.list.execute({ ispb: f.donor, pageSize: 501 }))).toMatchObject({
      field: 'page_size',
    });

    expect((await f.get.execute({ ispb: f.donor, claimId: second.id })).history).toHaveLength(2);
    expect(await rejectionOf(f.get.execute({ ispb: '44444444', claimId: second.id }))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await rejectionOf(f.get.execute({ ispb: f.donor, claimId: 'nope' }))).toBeInstanceOf(
      NotFoundError,
    );
  });
});
