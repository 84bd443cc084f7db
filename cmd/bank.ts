import type { Command } from 'commander';
import type { Bank } from '../src/gen/codepix/v1/bank';
import { withHub } from './hub-client';
import { globalOptions } from './options';
import { emit, keyValues, shortTime, table } from './output';
import { bankView } from './views';

const describeBank = (bank: Bank) => {
  const view = bankView(bank);
  return keyValues([
    ['ISPB', view.ispb],
    ['Name', view.name],
    ['Active', view.active ? 'yes' : 'no'],
    ['Created', shortTime(view.createdAt)],
  ]);
};

/** `codepix bank ...`: the hub's participants. */
export function addBankCommands(program: Command): void {
  const bank = program.command('bank').description("manage the hub's participant banks");

  bank
    .command('register')
    .description('register a bank with the hub')
    .argument('<ispb>', "the bank's ISPB, 8 digits")
    .argument('<name>', "the bank's name")
    .action(async (ispb: string, name: string, _opts, command: Command) => {
      const { hub, json } = globalOptions(command);
      const registered = await withHub(hub, (client) => client.registerBank({ ispb, name }));
      emit(json, bankView(registered), () => describeBank(registered));
    });

  bank
    .command('list')
    .description('list the registered banks')
    .action(async (_opts, command: Command) => {
      const { hub, json } = globalOptions(command);
      const banks = (await withHub(hub, (client) => client.listBanks())).map(bankView);
      emit(json, banks, () =>
        banks.length === 0
          ? 'no banks registered'
          : table(
              { ispb: 'ISPB', name: 'NAME', active: 'ACTIVE', createdAt: 'CREATED' },
              banks.map((b) => ({
                ...b,
                active: b.active ? 'yes' : 'no',
                createdAt: shortTime(b.createdAt),
              })),
            ),
      );
    });

  bank
    .command('deactivate')
    .description('deactivate a bank: it keeps its history but can no longer register keys or send transfers')
    .argument('<ispb>', "the bank's ISPB, 8 digits")
    .action(async (ispb: string, _opts, command: Command) => {
      const { hub, json } = globalOptions(command);
      const deactivated = await withHub(hub, (client) => client.deactivateBank(ispb));
      emit(json, bankView(deactivated), () => describeBank(deactivated));
    });
}
