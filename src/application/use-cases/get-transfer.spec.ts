import { vectors } from '../../../test/support/vectors';
import { NotFoundError, ValidationError } from '../../domain';
import { rejectionOf } from '../testing/directory-fixture';
import { InMemoryTransferQuery } from '../testing/in-memory-transfer-query';
import { e2eId, transferFixture } from '../testing/transfer-fixture';
import { GetTransfer } from './get-transfer';

async function setup() {
  const f = await transferFixture();
  const getTransfer = new GetTransfer(new InMemoryTransferQuery(f.store));
  const get = async (endToEndId: unknown) => (await getTransfer.execute({ endToEndId })).transfer;
  return { ...f, get };
}

describe('GetTransfer', () => {
  it('returns the transfer in its current state', async () => {
    const { pending, get } = await setup();
    const id = await pending();
    const transfer = await get(id);
    expect(transfer.id.value).toBe(id);
    expect(transfer.status).toBe('pending');
  });

  it('returns a rejected transfer with its reason', async () => {
    const { request, get } = await setup();
    await request(1, { amount: 10n ** 12n });
    expect((await get(e2eId(1))).snapshot.rejectionReason).toBe('AMOUNT_OUT_OF_RANGE');
  });

  it('refuses a well-formed id the hub never saw with TRANSFER.NOT_FOUND', async () => {
    const { get } = await setup();
    const error = await rejectionOf(get(vectors.end_to_end_id.valid[0]));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'TRANSFER.NOT_FOUND', kind: 'not_found' });
  });

  it.each([...vectors.end_to_end_id.invalid, undefined, 42])(
    'refuses the malformed id %j on field end_to_end_id',
    async (id) => {
      const { get } = await setup();
      const error = await rejectionOf(get(id));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'end_to_end_id' });
    },
  );
});
