import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { type Command, Option } from 'commander';
import { formatReais, parseReais } from './amount';
import { type BankClient, BankError, connectBank } from './bank-client';
import type { Account } from './bank-types';
import { sendTransferWhenFree } from './busy-retry';
import {
  DEMO_BANKS,
  DEMO_PAYEE,
  DEMO_PAYEE_KEY,
  DEMO_PAYER,
  type DemoCustomer,
  defaultBankUrl,
} from './demo-data';
import { CliError, HubError } from './errors';
import { type HubClient, withHub } from './hub-client';
import { globalOptions } from './options';
import { emit, printText } from './output';
import { table } from './table';
import { bankSnapshot, hubSnapshot, isFinal, transferView } from './transfer-view';
import { type Snapshot, type StatusChange, watch } from './watch';

/** Polling this often shows every state, even on a fast stack, without loading it. */
const POLL_INTERVAL_MS = 50;
const TIMEOUT_MS = 30_000;
/** How long to keep watching the creditor bank once hub and debtor bank are final. */
const CREDITOR_GRACE_MS = 2_000;

interface DemoOptions {
  creditorBankUrl: string;
  amount: bigint;
}

const bankName = (ispb: string) => DEMO_BANKS.find((b) => b.ispb === ispb)?.name ?? ispb;

/** Who is what in the demo world; banks name their accounts by number, so find them by tax id. */
async function findCustomer(bank: BankClient, customer: DemoCustomer): Promise<Account> {
  const found = (await bank.listAccounts()).find(
    (a) => a.ownerTaxId === customer.ownerTaxId && a.status === 'open',
  );
  if (!found) {
    throw new CliError(
      `no demo customer ${customer.ownerName} at ${bank.url}: is \`codepix dev up\` running there?`,
      1,
    );
  }
  return found;
}

/** Reads that answer undefined while a party has not heard of the transfer yet. */
const unlessNotFound = async (read: () => Promise<Snapshot>): Promise<Snapshot | undefined> => {
  try {
    return await read();
  } catch (error) {
    const notFound =
      (error instanceof BankError && error.httpStatus === 404) ||
      (error instanceof HubError && error.code === status.NOT_FOUND);
    if (notFound) return undefined;
    throw error;
  }
};

const SOURCE_NAMES: Record<string, string> = {
  'debtor-bank': bankName(DEMO_PAYER.ispb),
  hub: 'hub',
  'creditor-bank': bankName(DEMO_PAYEE.ispb),
};

const changeLine = (c: StatusChange) =>
  `${String(c.elapsedMs).padStart(6)} ms  ${SOURCE_NAMES[c.source].padEnd(12)}  ${c.status}` +
  (c.reason ? ` (${c.reason})` : '');

async function follow(
  hub: HubClient,
  payerBank: BankClient,
  payeeBank: BankClient,
  endToEndId: string,
  json: boolean,
) {
  let finalSince: number | undefined;
  const result = await watch({
    sources: [
      {
        name: 'debtor-bank',
        read: () => unlessNotFound(async () => bankSnapshot(await payerBank.getTransfer(endToEndId))),
      },
      {
        name: 'hub',
        read: () => unlessNotFound(async () => hubSnapshot(transferView(await hub.getTransfer(endToEndId)))),
      },
      {
        name: 'creditor-bank',
        read: () => unlessNotFound(async () => bankSnapshot(await payeeBank.getTransfer(endToEndId))),
      },
    ],
    done: (latest) => {
      const hubStatus = latest.hub?.status ?? '';
      if (!isFinal(latest['debtor-bank']?.status ?? '') || !isFinal(hubStatus)) return false;
      if (hubStatus === 'rejected' || isFinal(latest['creditor-bank']?.status ?? '')) return true;
      // The creditor bank may keep an incoming transfer at "confirmed": give it a moment, not forever.
      finalSince ??= Date.now();
      return Date.now() - finalSince > CREDITOR_GRACE_MS;
    },
    onChange: json ? undefined : (change) => printText(changeLine(change)),
    intervalMs: POLL_INTERVAL_MS,
    timeoutMs: TIMEOUT_MS,
  });
  if (result.timedOut) {
    throw new CliError(`transfer ${endToEndId} not final after ${TIMEOUT_MS / 1000} s`, 1);
  }
  return result;
}

const party = (account: Account, ispb: string) => ({
  ispb,
  bankName: bankName(ispb),
  branch: account.branch,
  number: account.number,
  ownerName: account.ownerName,
});

/** `codepix demo`: one Pix across two banks of a running `codepix dev up`, watched as it happens. */
export function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      `send one Pix from ${DEMO_PAYER.ownerName} (${bankName(DEMO_PAYER.ispb)}) to ${DEMO_PAYEE.ownerName} ` +
        `(${bankName(DEMO_PAYEE.ispb)}) on a running \`codepix dev up\`, and show each state as it happens; ` +
        `--bank-url is ${bankName(DEMO_PAYER.ispb)}'s address (the debtor bank)`,
    )
    .addOption(
      new Option(
        '--creditor-bank-url <url>',
        `${bankName(DEMO_PAYEE.ispb)}'s HTTP address (the creditor bank)`,
      )
        .env('CODEPIX_CREDITOR_BANK_URL')
        .default(defaultBankUrl(DEMO_PAYEE.ispb)),
    )
    .addOption(
      new Option('--amount <reais>', 'amount in reais').default(1234n, '12.34').argParser(parseReais),
    )
    .action(async (opts: DemoOptions, command: Command) => {
      const { hub, bankUrl, operatorToken, json } = globalOptions(command);
      const payerBank = connectBank(bankUrl, operatorToken);
      const payeeBank = connectBank(opts.creditorBankUrl, operatorToken);
      const [payer, payee] = await Promise.all([
        findCustomer(payerBank, DEMO_PAYER),
        findCustomer(payeeBank, DEMO_PAYEE),
      ]);
      const request = {
        fromAccount: payer.number,
        key: DEMO_PAYEE_KEY,
        amount: opts.amount,
        description: 'codepix demo',
      };
      const sent = await sendTransferWhenFree(payerBank, request, randomUUID());
      if (!json) {
        printText(
          `${payer.ownerName} pays ${formatReais(opts.amount)} to ${DEMO_PAYEE_KEY} (${payee.ownerName}): ${sent.endToEndId}`,
        );
      }
      const result = await withHub(hub, (client) =>
        follow(client, payerBank, payeeBank, sent.endToEndId, json),
      );
      const [payerAfter, payeeAfter] = await Promise.all([
        payerBank.getAccount(payer.number),
        payeeBank.getAccount(payee.number),
      ]);
      const outcome = result.latest.hub?.status ?? 'unknown';
      const balances = {
        payer: { before: payer.balance, after: payerAfter.balance },
        payee: { before: payee.balance, after: payeeAfter.balance },
      };
      emit(
        json,
        {
          endToEndId: sent.endToEndId,
          amount: opts.amount.toString(),
          status: outcome,
          payer: party(payer, DEMO_PAYER.ispb),
          payee: { ...party(payee, DEMO_PAYEE.ispb), key: DEMO_PAYEE_KEY },
          changes: result.changes,
          balances,
        },
        () =>
          `\n${table(
            {
              who: 'BALANCE',
              before: { head: 'BEFORE', align: 'right' },
              after: { head: 'AFTER', align: 'right' },
            },
            [
              { who: `${payer.ownerName} (${bankName(DEMO_PAYER.ispb)})`, ...formatted(balances.payer) },
              { who: `${payee.ownerName} (${bankName(DEMO_PAYEE.ispb)})`, ...formatted(balances.payee) },
            ],
          )}`,
      );
      if (outcome !== 'completed') {
        throw new CliError(
          `transfer ${sent.endToEndId} ${outcome}${result.latest.hub?.reason ? `: ${result.latest.hub.reason}` : ''}`,
          1,
        );
      }
    });
}

const formatted = (b: { before: string; after: string }) => ({
  before: formatReais(b.before),
  after: formatReais(b.after),
});
