import { NotFoundError, ValidationError } from '../../domain';
import { directoryFixture, rejectionOf } from '../testing/directory-fixture';
import { LOOKUP_POLICY } from '../testing/lookup-fixture';
import { DeactivateBank } from './deactivate-bank';
import { RegisterBank } from './register-bank';

async function setup() {
  const fixture = directoryFixture();
  const registerBank = new RegisterBank(fixture.banks, fixture.clock, LOOKUP_POLICY);
  await registerBank.execute({ ispb: '11111111', name: 'Banco Azul' });
  await registerBank.execute({ ispb: '22222222', name: 'Banco Verde' });
  return { ...fixture, deactivateBank: new DeactivateBank(fixture.banks) };
}

describe('DeactivateBank', () => {
  it('deactivates the bank and saves it, leaving other banks alone', async () => {
    const { banks, deactivateBank } = await setup();
    const before = await banks.findByIspb('11111111');
    const bank = await deactivateBank.execute({ ispb: '11111111' });
    expect(bank.active).toBe(false);
    expect((await banks.findByIspb('11111111'))?.snapshot).toEqual({ ...before?.snapshot, active: false });
    expect((await banks.findByIspb('22222222'))?.active).toBe(true);
  });

  it('is idempotent: deactivating an inactive bank returns it unchanged', async () => {
    const { banks, deactivateBank } = await setup();
    const first = await deactivateBank.execute({ ispb: '11111111' });
    const second = await deactivateBank.execute({ ispb: '11111111' });
    expect(second.snapshot).toEqual(first.snapshot);
    expect((await banks.findByIspb('11111111'))?.active).toBe(false);
  });

  it('refuses an unknown ISPB with BANK.NOT_FOUND', async () => {
    const { banks, deactivateBank } = await setup();
    const error = await rejectionOf(deactivateBank.execute({ ispb: '99999999' }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'BANK.NOT_FOUND', kind: 'not_found' });
    expect(await banks.findByIspb('99999999')).toBeNull();
  });

  it.each(['1111111', '1111111x', '', undefined, 11111111])(
    'refuses a bad ISPB %j on field ispb',
    async (ispb) => {
      const { banks, deactivateBank } = await setup();
      const error = await rejectionOf(deactivateBank.execute({ ispb }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ field: 'ispb', code: 'VALIDATION.INVALID_FIELD' });
      expect((await banks.list()).every((b) => b.active)).toBe(true);
    },
  );
});
