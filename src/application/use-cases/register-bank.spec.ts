import { AlreadyExistsError, ValidationError } from '../../domain';
import { directoryFixture, rejectionOf } from '../testing/directory-fixture';
import { LOOKUP_POLICY } from '../testing/lookup-fixture';
import { RegisterBank } from './register-bank';

function setup() {
  const fixture = directoryFixture();
  return { ...fixture, registerBank: new RegisterBank(fixture.banks, fixture.clock, LOOKUP_POLICY) };
}

describe('RegisterBank', () => {
  it('stores an active bank, created at the clock time, and returns it', async () => {
    const { banks, clock, registerBank } = setup();
    const bank = await registerBank.execute({ ispb: '11111111', name: 'Banco Azul' });
    expect(bank.snapshot).toEqual({
      ispb: expect.objectContaining({ value: '11111111' }),
      name: 'Banco Azul',
      active: true,
      createdAt: clock.now(),
    });
    expect((await banks.findByIspb('11111111'))?.snapshot).toEqual(bank.snapshot);
  });

  it('trims the name and accepts one of exactly 100 characters', async () => {
    const { registerBank } = setup();
    expect((await registerBank.execute({ ispb: '11111111', name: '  Banco Azul  ' })).name).toBe(
      'Banco Azul',
    );
    const long = 'B'.repeat(100);
    expect((await registerBank.execute({ ispb: '22222222', name: long })).name).toBe(long);
  });

  it("stores the lookup category it is given; none (or proto3's empty string) means the default", async () => {
    const { banks, registerBank } = setup();
    await registerBank.execute({ ispb: '11111111', name: 'Banco Azul', lookupCategory: 'H' });
    await registerBank.execute({ ispb: '22222222', name: 'Banco Verde', lookupCategory: '' });
    expect((await banks.findByIspb('11111111'))?.lookupCategory).toBe('H');
    expect((await banks.findByIspb('22222222'))?.lookupCategory).toBeUndefined();
  });

  it('names the known categories when refusing another', async () => {
    const { registerBank } = setup();
    const error = await rejectionOf(
      registerBank.execute({ ispb: '11111111', name: 'B', lookupCategory: 'Q' }),
    );
    expect(error.message).toBe('lookup_category: must be one of A, H');
  });

  it('refuses an ISPB already taken with BANK.ALREADY_EXISTS and keeps the first bank', async () => {
    const { banks, registerBank } = setup();
    await registerBank.execute({ ispb: '11111111', name: 'Banco Azul' });
    const error = await rejectionOf(registerBank.execute({ ispb: '11111111', name: 'Impostor' }));
    expect(error).toBeInstanceOf(AlreadyExistsError);
    expect(error).toMatchObject({ code: 'BANK.ALREADY_EXISTS', kind: 'conflict' });
    expect((await banks.findByIspb('11111111'))?.name).toBe('Banco Azul');
  });

  it('keeps a deactivated bank its ISPB: registering it again is ALREADY_EXISTS', async () => {
    const { banks, registerBank } = setup();
    const bank = await registerBank.execute({ ispb: '11111111', name: 'Banco Azul' });
    bank.deactivate();
    await banks.update(bank);
    const error = await rejectionOf(registerBank.execute({ ispb: '11111111', name: 'Banco Azul' }));
    expect(error).toMatchObject({ code: 'BANK.ALREADY_EXISTS' });
    expect((await banks.findByIspb('11111111'))?.active).toBe(false);
  });

  it.each([
    ['ispb', { ispb: '1234567', name: 'Banco' }],
    ['ispb', { ispb: '123456789', name: 'Banco' }],
    ['ispb', { ispb: '1234567a', name: 'Banco' }],
    ['ispb', { ispb: 12345678, name: 'Banco' }],
    ['ispb', { ispb: '', name: 'Banco' }],
    ['ispb', { ispb: undefined, name: 'Banco' }],
    ['name', { ispb: '11111111', name: '' }],
    ['name', { ispb: '11111111', name: '   ' }],
    ['name', { ispb: '11111111', name: undefined }],
    ['name', { ispb: '11111111', name: 'B'.repeat(101) }],
    ['lookup_category', { ispb: '11111111', name: 'Banco', lookupCategory: 'a' }],
    ['lookup_category', { ispb: '11111111', name: 'Banco', lookupCategory: 'AB' }],
    ['lookup_category', { ispb: '11111111', name: 'Banco', lookupCategory: 7 }],
    // Well-formed, but not a row of the hub's table.
    ['lookup_category', { ispb: '11111111', name: 'Banco', lookupCategory: 'Q' }],
  ])('refuses a bad %s (%j) with a ValidationError and stores nothing', async (field, input) => {
    const { banks, registerBank } = setup();
    const error = await rejectionOf(registerBank.execute(input));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field, code: 'VALIDATION.INVALID_FIELD', kind: 'invalid' });
    expect(await banks.list()).toEqual([]);
  });
});
