import type { Command } from 'commander';
import type { PixKey } from '../src/gen/codepix/v1/pix_key';
import { oneOf } from './arguments';
import { addClaimCommands } from './claim';
import { withHub } from './hub-client';
import {
  type AccountOptions,
  accountFromOptions,
  addAccountOptions,
  bankOption,
  globalOptions,
} from './options';
import { emit, keyValues, shortTime } from './output';
import { table } from './table';
import { KEY_KINDS, type KeyKindName, pixKeyView } from './views';

const describeKey = (key: PixKey) => {
  const view = pixKeyView(key);
  return keyValues([
    ['Key', view.key],
    ['Kind', view.kind],
    ['Owner', view.ownerName],
    ['Owner tax id', view.ownerTaxIdMasked],
    ['Bank', `${view.ispb} ${view.bankName}`],
    ['Branch', view.branch],
    ['Account', view.accountNumber],
    ['Account type', view.accountType],
    ['Created', shortTime(view.createdAt)],
  ]);
};

interface RegisterOptions extends AccountOptions {
  bank: string;
  kind: KeyKindName;
  key?: string;
}

/** `codepix key ...`: the key directory, as seen by one bank. */
export function addKeyCommands(program: Command): void {
  const key = program.command('key').description('register, look up, delete and claim Pix keys');
  addClaimCommands(key);

  addAccountOptions(
    key
      .command('register')
      .description('register a Pix key for an account at the calling bank')
      .addOption(bankOption())
      .addOption(oneOf('--kind <kind>', 'kind of key', Object.keys(KEY_KINDS)).makeOptionMandatory())
      .option(
        '--key <value>',
        'the key; none for evp (the hub makes one); cpf/cnpj default to --owner-tax-id',
      ),
  ).action(async (opts: RegisterOptions, command: Command) => {
    const { hub, json } = globalOptions(command);
    const ownTaxId = opts.kind === 'cpf' || opts.kind === 'cnpj';
    const registered = await withHub({ ...hub, actingAs: opts.bank }, (client) =>
      client.registerPixKey({
        ispb: opts.bank,
        kind: KEY_KINDS[opts.kind],
        key: opts.key ?? (ownTaxId ? opts.ownerTaxId : ''),
        account: accountFromOptions(opts),
      }),
    );
    emit(json, pixKeyView(registered), () => describeKey(registered));
  });

  key
    .command('find')
    .description('look up an active key')
    .argument('<key>', 'the key')
    .addOption(bankOption())
    .action(async (value: string, opts: { bank: string }, command: Command) => {
      const { hub, json } = globalOptions(command);
      const found = await withHub({ ...hub, actingAs: opts.bank }, (client) =>
        client.findPixKey({ ispb: opts.bank, key: value }),
      );
      emit(json, pixKeyView(found), () => describeKey(found));
    });

  key
    .command('delete')
    .description('delete a key of the calling bank; it can then be registered again')
    .argument('<key>', 'the key')
    .addOption(bankOption())
    .action(async (value: string, opts: { bank: string }, command: Command) => {
      const { hub, json } = globalOptions(command);
      await withHub({ ...hub, actingAs: opts.bank }, (client) =>
        client.deletePixKey({ ispb: opts.bank, key: value }),
      );
      emit(json, { key: value, deleted: true }, () => `deleted key ${value}`);
    });

  key
    .command('list')
    .description('list the active keys of one account at the calling bank')
    .addOption(bankOption())
    .requiredOption('--branch <branch>', 'account branch')
    .requiredOption('--account <number>', 'account number')
    .action(async (opts: { bank: string; branch: string; account: string }, command: Command) => {
      const { hub, json } = globalOptions(command);
      const request = { ispb: opts.bank, branch: opts.branch, accountNumber: opts.account };
      const keys = (
        await withHub({ ...hub, actingAs: opts.bank }, (client) => client.listPixKeys(request))
      ).map(pixKeyView);
      emit(json, keys, () =>
        keys.length === 0
          ? `no keys for account ${opts.branch}/${opts.account} at ${opts.bank}`
          : table(
              { key: 'KEY', kind: 'KIND', ownerName: 'OWNER', createdAt: 'CREATED' },
              keys.map((k) => ({ ...k, createdAt: shortTime(k.createdAt) })),
            ),
      );
    });
}
