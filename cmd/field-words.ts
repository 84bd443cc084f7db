import { status } from '@grpc/grpc-js';
import type { Command } from 'commander';
import { BankError } from './bank-client';
import { CliError, HubError } from './errors';

/**
 * Request fields the command line calls otherwise; every other field has the name of its option or
 * argument (`ownerTaxId`, `owner_tax_id` and `--owner-tax-id` are one name).
 */
const ALIASES: Record<string, string> = {
  fromAccount: 'from',
  key: 'to',
  ispb: 'bank',
  number: 'account',
  accountNumber: 'account',
};

const camel = (name: string) => name.replace(/[-_]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());

/** How `command` lets a person type `field` (`--owner-tax-id`, `<amount>`); undefined when it does not. */
export function flagFor(command: Command, field: string): string | undefined {
  const find = (name: string) => {
    const option = command.options.find((o) => o.attributeName() === name);
    if (option?.long) return option.long;
    const argument = command.registeredArguments.find((a) => camel(a.name()) === name);
    return argument ? `<${argument.name()}>` : undefined;
  };
  // `account.owner_tax_id`: the command line has no nesting, only the last name counts.
  const name = camel(field.split('.').pop() ?? field);
  return find(name) ?? (ALIASES[name] ? find(ALIASES[name]) : undefined);
}

/** The field a bank or the hub refused, and why, without the codes and prefixes around it. */
function refusedField(error: unknown): { field: string; reason: string } | undefined {
  let field: string | undefined;
  let text = '';
  if (error instanceof BankError && error.httpStatus === 400) {
    field = error.field;
    // A refusal the bank passes on from the hub says so first.
    text = error.detail.replace(/^hub: /, '');
  } else if (error instanceof HubError && error.code === status.INVALID_ARGUMENT) {
    field = error.field;
    text = error.details;
  }
  if (!field) return undefined;
  const reason = text.startsWith(`${field}: `) ? text.slice(field.length + 2) : text;
  return { field, reason };
}

/**
 * A refusal of one field, reworded in the command line's own terms so the field is named once, as it
 * was typed: `--owner-tax-id: must be a CPF (11 digits) or a CNPJ (14 digits)` rather than
 * `VALIDATION.INVALID_FIELD: ownerTaxId: must be ... (ownerTaxId)`. Any other error is returned as is.
 */
export function inCommandTerms(error: unknown, command: Command | undefined): unknown {
  const refused = refusedField(error);
  const flag = refused && command ? flagFor(command, refused.field) : undefined;
  if (!refused || !flag) return error;
  return new CliError(`${flag}: ${refused.reason}`, (error as CliError).exitCode);
}
