import { parseAccountRef, sameAccountRef } from './account-ref';
import { expectRefusal } from './testing/refusal';

const REF = { branch: '0001', number: '12345', ownerName: 'Maria Souza' };

describe('parseAccountRef', () => {
  it('keeps branch and number as sent and trims the owner name', () => {
    expect(parseAccountRef({ ...REF, ownerName: '  Maria Souza ' }, 'debtor_account')).toEqual(REF);
  });

  it.each([
    ['debtor_account.branch', { branch: '12345' }],
    ['debtor_account.branch', { branch: undefined }],
    ['debtor_account.number', { number: '12-3' }],
    ['debtor_account.number', { number: '' }],
    ['debtor_account.owner_name', { ownerName: '   ' }],
    ['debtor_account.owner_name', { ownerName: 'x'.repeat(141) }],
  ])('refuses a bad %s, naming it under the prefix', (field, change) => {
    expectRefusal(() => parseAccountRef({ ...REF, ...change }, 'debtor_account'), field);
  });

  it('refuses a missing account on its first field', () => {
    expectRefusal(() => parseAccountRef(undefined, 'creditor_account'), 'creditor_account.branch');
  });
});

describe('sameAccountRef', () => {
  it('compares branch and number, not the owner name', () => {
    expect(sameAccountRef(REF, { ...REF, ownerName: 'Someone Else' })).toBe(true);
    expect(sameAccountRef(REF, { ...REF, number: '54321' })).toBe(false);
    expect(sameAccountRef(REF, { ...REF, branch: '0002' })).toBe(false);
  });
});
