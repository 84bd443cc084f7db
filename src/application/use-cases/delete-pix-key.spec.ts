import { ForbiddenError, NotFoundError, PreconditionError, ValidationError } from '../../domain';
import {
  BANK_A,
  BANK_B,
  BANK_C,
  deactivateStoredBank,
  directoryWithRegistration,
  PERSON,
  rejectionOf,
  UNREGISTERED_ISPB,
} from '../testing/directory-fixture';
import { DeletePixKey } from './delete-pix-key';

const EMAIL = 'maria@example.com';

async function setup() {
  const f = await directoryWithRegistration();
  const deletePixKey = new DeletePixKey(f.banks, f.pixKeys, f.clock);
  const remove = (key: unknown, ispb: unknown = BANK_A.ispb) => deletePixKey.execute({ ispb, key });
  await f.register('email', EMAIL);
  return { ...f, remove };
}

describe('DeletePixKey', () => {
  it('lets the bank holding the account delete the key, stamped with the clock time', async () => {
    const { remove, pixKeys, clock } = await setup();
    clock.advance(60_000);
    await remove(EMAIL);
    expect(await pixKeys.findActive(EMAIL)).toBeNull();
    expect(await pixKeys.findView(EMAIL)).toBeNull();
    expect(pixKeys.all()).toEqual([
      expect.objectContaining({ key: EMAIL, status: 'deleted', deletedAt: clock.now() }),
    ]);
  });

  it('normalises the key as registration does', async () => {
    const { remove, pixKeys } = await setup();
    await remove('Maria@Example.COM');
    expect(await pixKeys.findActive(EMAIL)).toBeNull();
  });

  it('refuses another bank with ForbiddenError PIX_KEY.NOT_OWNED and keeps the key', async () => {
    const { remove, pixKeys } = await setup();
    const error = await rejectionOf(remove(EMAIL, BANK_B.ispb));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'PIX_KEY.NOT_OWNED', kind: 'forbidden' });
    expect(await pixKeys.findActive(EMAIL)).not.toBeNull();
  });

  it('refuses a second delete with PIX_KEY.NOT_FOUND', async () => {
    const { remove } = await setup();
    await remove(EMAIL);
    const error = await rejectionOf(remove(EMAIL));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'PIX_KEY.NOT_FOUND' });
  });

  it('lets exactly one of two concurrent deletes win; the other gets PIX_KEY.NOT_FOUND', async () => {
    const { remove, pixKeys } = await setup();
    const results = await Promise.allSettled([remove(EMAIL), remove(EMAIL)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected');
    expect(lost?.status === 'rejected' && lost.reason).toMatchObject({ code: 'PIX_KEY.NOT_FOUND' });
    expect(pixKeys.all().map((r) => r.status)).toEqual(['deleted']);
  });

  it('refuses an unknown key with PIX_KEY.NOT_FOUND', async () => {
    const { remove } = await setup();
    expect(await rejectionOf(remove('nobody@example.com'))).toMatchObject({ code: 'PIX_KEY.NOT_FOUND' });
  });

  it.each([
    ['the same bank', BANK_A.ispb, PERSON],
    ['another bank and owner', BANK_B.ispb, { ...PERSON, ownerName: 'Joao Lima', ownerTaxId: '12345678909' }],
  ])('frees the key: %s can register it again', async (_, ispb, account) => {
    const { remove, register, pixKeys } = await setup();
    await remove(EMAIL);
    expect(await register('email', EMAIL, account, ispb)).toMatchObject({ key: EMAIL, ispb });
    const rows = pixKeys.all();
    expect(rows.map((r) => r.status)).toEqual(['deleted', 'active']);
    expect(rows[0].id).not.toBe(rows[1].id);
  });

  it("frees a slot under the account's limit", async () => {
    const { remove, register } = await setup();
    for (let i = 0; i < 4; i++) await register('evp', '');
    expect(await rejectionOf(register('evp', ''))).toMatchObject({ code: 'PIX_KEY.LIMIT_REACHED' });
    await remove(EMAIL);
    expect(await register('evp', '')).toMatchObject({ kind: 'evp' });
  });

  it.each([
    ['an inactive bank', BANK_C.ispb, 'BANK.INACTIVE'],
    ['an unregistered bank', UNREGISTERED_ISPB, 'BANK.NOT_REGISTERED'],
  ])('refuses a delete by %s and keeps the key', async (_, ispb, code) => {
    const { remove, pixKeys } = await setup();
    const error = await rejectionOf(remove(EMAIL, ispb));
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error).toMatchObject({ code });
    expect(await pixKeys.findActive(EMAIL)).not.toBeNull();
  });

  it('refuses a holder bank that has since been deactivated with BANK.INACTIVE', async () => {
    const { remove, banks, pixKeys } = await setup();
    await deactivateStoredBank(banks, BANK_A.ispb);
    expect(await rejectionOf(remove(EMAIL))).toMatchObject({ code: 'BANK.INACTIVE' });
    expect(await pixKeys.findActive(EMAIL)).not.toBeNull();
  });

  it.each([
    ['key', 'not a key', BANK_A.ispb],
    ['key', '', BANK_A.ispb],
    ['ispb', EMAIL, '1111'],
  ])('refuses a malformed %s (%j)', async (field, key, ispb) => {
    const { remove, pixKeys } = await setup();
    const error = await rejectionOf(remove(key, ispb));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field });
    expect(await pixKeys.findActive(EMAIL)).not.toBeNull();
  });
});
