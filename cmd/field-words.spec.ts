import { Metadata, type ServiceError, status } from '@grpc/grpc-js';
import type { Command } from 'commander';
import { bankError } from './bank-client';
import { buildProgram } from './codepix';
import { HubError } from './errors';
import { flagFor, inCommandTerms } from './field-words';

/** The subcommand at `path` (e.g. `account open`) of the real CLI. */
function command(path: string): Command {
  return path.split(' ').reduce((parent: Command, name) => {
    const found = parent.commands.find((c) => c.name() === name);
    if (!found) throw new Error(`no command ${path}`);
    return found;
  }, buildProgram());
}

describe('flagFor', () => {
  it.each([
    ['account open', 'ownerTaxId', '--owner-tax-id'],
    ['account open', 'branch', '--branch'],
    ['account deposit', 'amount', '<amount>'],
    ['account key add', 'key', '--key'],
    ['transfer send', 'key', '--to'],
    ['transfer send', 'fromAccount', '--from'],
    ['transfer status', 'end_to_end_id', '<end-to-end-id>'],
    ['key register', 'account.owner_tax_id', '--owner-tax-id'],
    ['key register', 'account.number', '--account'],
    ['key register', 'ispb', '--bank'],
    ['key list', 'account_number', '--account'],
    ['bank fund', 'amount', '<amount>'],
  ])('%s names %s as %s', (path, field, flag) => {
    expect(flagFor(command(path), field)).toBe(flag);
  });

  it('finds nothing for a field the command does not take', () => {
    expect(flagFor(command('account list'), 'ownerTaxId')).toBeUndefined();
  });
});

describe('inCommandTerms', () => {
  const taxIdRefusal = bankError(
    400,
    JSON.stringify({
      error: {
        code: 'VALIDATION.INVALID_FIELD',
        message: 'ownerTaxId: must be a CPF (11 digits) or a CNPJ (14 digits)',
        field: 'ownerTaxId',
      },
    }),
  );

  it("names the bank's refused field once, as the option it was typed with", () => {
    expect(taxIdRefusal.message).toBe(
      'VALIDATION.INVALID_FIELD: ownerTaxId: must be a CPF (11 digits) or a CNPJ (14 digits)',
    );
    const reworded = inCommandTerms(taxIdRefusal, command('account open')) as Error;
    expect(reworded.message).toBe('--owner-tax-id: must be a CPF (11 digits) or a CNPJ (14 digits)');
  });

  it('does the same for a refusal the bank passes on from the hub', () => {
    const passedOn = bankError(
      400,
      '{"error":{"code":"VALIDATION.INVALID_FIELD","message":"hub: key: must be 11 digits","field":"key"}}',
    );
    expect((inCommandTerms(passedOn, command('account key add')) as Error).message).toBe(
      '--key: must be 11 digits',
    );
  });

  it("rewords the hub's INVALID_ARGUMENT with the field it names in its trailer", () => {
    const metadata = new Metadata();
    metadata.set('codepix-field', 'account.owner_tax_id');
    const error = new HubError(
      Object.assign(new Error('3 INVALID_ARGUMENT'), {
        code: status.INVALID_ARGUMENT,
        details: 'account.owner_tax_id: has invalid check digits',
        metadata,
      }) as ServiceError,
      'localhost:50051',
    );
    expect(error.message).toBe('INVALID_ARGUMENT: account.owner_tax_id: has invalid check digits');
    expect((inCommandTerms(error, command('key register')) as Error).message).toBe(
      '--owner-tax-id: has invalid check digits',
    );
  });

  it('leaves other errors alone', () => {
    const notFound = bankError(404, '{"error":{"code":"ACCOUNT.NOT_FOUND","message":"no account 9"}}');
    expect(inCommandTerms(notFound, command('account balance'))).toBe(notFound);
    expect(inCommandTerms(taxIdRefusal, command('account list'))).toBe(taxIdRefusal);
    expect(inCommandTerms(taxIdRefusal, undefined)).toBe(taxIdRefusal);
  });
});
