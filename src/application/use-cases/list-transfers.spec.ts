import { ValidationError } from '../../domain';
import { BANK_A, BANK_B, BANK_C, COMPANY, rejectionOf } from '../testing/directory-fixture';
import { InMemoryTransferQuery } from '../testing/in-memory-transfer-query';
import { e2eId, transferFixture } from '../testing/transfer-fixture';
import { ListTransfers, type ListTransfersInput } from './list-transfers';
import { ReportUnknownTransfer } from './report-unknown-transfer';

const MINUTE = 60_000;
const A1 = e2eId(1);
const A2 = e2eId(2);
const A3 = e2eId(3);
const B1 = e2eId(1, BANK_B.ispb);

/**
 * A minute apart: A1 (A→B, pending), A2 (A, rejected before the key was resolved), B1 (B→A, pending),
 * A3 (A→B, pending). Newest first that is A3, B1, A2, A1.
 */
async function setup() {
  const f = await transferFixture();
  await f.register('email', 'azul@example.com', COMPANY, BANK_A.ispb);
  const t0 = f.clock.now();
  await f.pending(1);
  f.clock.advance(MINUTE);
  await f.request(2, { amount: 10n ** 12n });
  f.clock.advance(MINUTE);
  await f.pending(1, {
    endToEndId: B1,
    debtorIspb: BANK_B.ispb,
    debtorAccount: { branch: '0002', number: '555', ownerName: 'Ana Reis' },
    creditorKey: 'azul@example.com',
  });
  f.clock.advance(MINUTE);
  await f.pending(3);
  const listTransfers = new ListTransfers(new InMemoryTransferQuery(f.store));
  const list = (input: ListTransfersInput = {}) => listTransfers.execute(input);
  const ids = async (input: ListTransfersInput = {}) =>
    (await list(input)).transfers.map((t) => t.transfer.id.value);
  const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);
  return { ...f, list, ids, at };
}

describe('ListTransfers', () => {
  it('lists every transfer newest first on one page by default', async () => {
    const { list } = await setup();
    const page = await list();
    expect(page.transfers.map((t) => t.transfer.id.value)).toEqual([A3, B1, A2, A1]);
    expect(page.nextCursor).toBeUndefined();
  });

  it('reads empty strings and zero as "no filter"', async () => {
    const { ids } = await setup();
    expect(await ids({ ispb: '', status: '', pageSize: 0, pageToken: '' })).toEqual([A3, B1, A2, A1]);
  });

  it.each([
    [BANK_A.ispb, [A3, B1, A2, A1]],
    [BANK_B.ispb, [A3, B1, A1]],
    [BANK_C.ispb, []],
  ])('filters by a bank as debtor or creditor: %s', async (ispb, expected) => {
    const { ids } = await setup();
    expect(await ids({ ispb })).toEqual(expected);
  });

  it('filters by status and combines filters', async () => {
    const { ids } = await setup();
    expect(await ids({ status: 'rejected' })).toEqual([A2]);
    expect(await ids({ status: 'pending', ispb: BANK_B.ispb })).toEqual([A3, B1, A1]);
    expect(await ids({ status: 'confirmed' })).toEqual([]);
  });

  it('takes created_from inclusive and created_to exclusive', async () => {
    const { ids, at } = await setup();
    expect(await ids({ createdFrom: at(1), createdTo: at(3) })).toEqual([B1, A2]);
    expect(await ids({ createdFrom: at(2) })).toEqual([A3, B1]);
    expect(await ids({ createdTo: at(1) })).toEqual([A1]);
  });

  it('takes updated_before exclusive: with a status, the transfers stuck in it for longer', async () => {
    const { ids, at } = await setup();
    expect(await ids({ status: 'pending', updatedBefore: at(2) })).toEqual([A1]);
    expect(await ids({ updatedBefore: at(2) })).toEqual([A2, A1]);
    expect(await ids({ updatedBefore: at(0) })).toEqual([]);
  });

  it('lists only the transfers raised for reconciliation when asked', async () => {
    const { ids, reply, clock } = await setup();
    expect(await ids({ reconciliationOnly: true })).toEqual([]);
    await reply(B1, (uow) =>
      new ReportUnknownTransfer(clock).execute(uow, { endToEndId: B1, ispb: BANK_A.ispb }),
    );
    expect(await ids({ reconciliationOnly: true })).toEqual([B1]);
    expect(await ids({ reconciliationOnly: false })).toHaveLength(4);
    expect(await ids({ reconciliationOnly: true, status: 'rejected' })).toEqual([]);
  });

  it.each([1, 2, 3])(
    'pages %i at a time through every transfer, the last page without a token',
    async (pageSize) => {
      const { list } = await setup();
      const seen: string[] = [];
      let pageToken: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await list({ pageSize, pageToken });
        expect(page.transfers.length).toBeLessThanOrEqual(pageSize);
        seen.push(...page.transfers.map((t) => t.transfer.id.value));
        pageToken = page.nextCursor;
        if (!pageToken) break;
      }
      expect(seen).toEqual([A3, B1, A2, A1]);
      expect(pageToken).toBeUndefined();
    },
  );

  it('accepts a page size of 500', async () => {
    const { ids } = await setup();
    expect(await ids({ pageSize: 500 })).toHaveLength(4);
  });

  it.each([
    ['page_size', { pageSize: 501 }],
    ['page_size', { pageSize: -1 }],
    ['page_size', { pageSize: 1.5 }],
    ['ispb', { ispb: '1234' }],
  ] as const)('refuses a bad %s', async (field, input) => {
    const { list } = await setup();
    const error = await rejectionOf(list(input));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field });
  });

  it.each([
    ['created_from', 'no time at all', { createdFrom: new Date(Number.NaN) }],
    ['created_to', 'no time at all', { createdTo: new Date(Number.NaN) }],
    ['created_from', 'a year before 1', { createdFrom: new Date(Date.parse('0001-01-01T00:00:00Z') - 1) }],
    ['created_to', 'a year after 9999', { createdTo: new Date('+010000-01-01T00:00:00Z') }],
    ['updated_before', 'no time at all', { updatedBefore: new Date(Number.NaN) }],
  ] as const)('refuses a %s of %s, naming the field', async (field, _, input) => {
    const { list } = await setup();
    const error = await rejectionOf(list(input));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field });
  });

  it('takes the first and the last instant of years 1 to 9999', async () => {
    const { ids } = await setup();
    const first = new Date('0001-01-01T00:00:00.000Z');
    const last = new Date('9999-12-31T23:59:59.999Z');
    expect(await ids({ createdFrom: first, createdTo: last })).toHaveLength(4);
  });

  it.each([
    ['equal to', 1],
    ['before', 0],
  ])('refuses created_to %s created_from on field created_to', async (_, to) => {
    const { list, at } = await setup();
    const error = await rejectionOf(list({ createdFrom: at(1), createdTo: at(to) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'created_to' });
  });
});
