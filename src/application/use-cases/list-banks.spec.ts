import { directoryFixture } from '../testing/directory-fixture';
import { LOOKUP_POLICY } from '../testing/lookup-fixture';
import { DeactivateBank } from './deactivate-bank';
import { ListBanks } from './list-banks';
import { RegisterBank } from './register-bank';

function setup() {
  const { banks, clock } = directoryFixture();
  return {
    registerBank: new RegisterBank(banks, clock, LOOKUP_POLICY),
    deactivateBank: new DeactivateBank(banks),
    listBanks: new ListBanks(banks),
  };
}

describe('ListBanks', () => {
  it('returns nothing before any bank registers', async () => {
    expect(await setup().listBanks.execute()).toEqual([]);
  });

  it('returns every registered bank, deactivated ones included, with their state', async () => {
    const { registerBank, deactivateBank, listBanks } = setup();
    await registerBank.execute({ ispb: '22222222', name: 'Banco Verde' });
    await registerBank.execute({ ispb: '11111111', name: 'Banco Azul' });
    await deactivateBank.execute({ ispb: '22222222' });

    const listed = (await listBanks.execute()).map((b) => ({
      ispb: b.ispb.value,
      name: b.name,
      active: b.active,
    }));
    expect(listed.sort((a, b) => a.ispb.localeCompare(b.ispb))).toEqual([
      { ispb: '11111111', name: 'Banco Azul', active: true },
      { ispb: '22222222', name: 'Banco Verde', active: false },
    ]);
  });
});
