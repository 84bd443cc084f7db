import { randomUUID } from 'node:crypto';
import { type Command, Option } from 'commander';
import { PAGE_SIZE_MAX } from '../src/domain/limits';
import { REFUND_REASONS } from '../src/domain/refund';
import { formatReais, parseReais } from './amount';
import { oneOf, parseCount, parseDuration, parseIsoTime } from './arguments';
import { type BankClient, connectBank } from './bank-client';
import type { BankTransfer } from './bank-types';
import { BUSY_RETRIES_MAX, sendTransferWhenFree } from './busy-retry';
import { CliError } from './errors';
import { withHub } from './hub-client';
import type { HubTarget } from './options';
import { globalOptions } from './options';
import { emit, printText } from './output';
import {
  bankSnapshot,
  describeBankTransfer,
  describeTransfer,
  isFinal,
  TRANSFER_STATUSES,
  type TransferStatusName,
  type TransferView,
  transfersTable,
  transferView,
} from './transfer-view';
import { type StatusChange, watch } from './watch';

/** `--wait` gives up after this long: a transfer not final by then needs a person to look at it. */
export const WAIT_TIMEOUT_MS = 30_000;
const WAIT_INTERVAL_MS = 100;

interface SendOptions {
  from: string;
  to?: string;
  brCode?: string;
  amount?: bigint;
  description?: string;
  idempotencyKey?: string;
  wait?: boolean;
}

interface RefundOptions {
  amount: bigint;
  reason: string;
  description?: string;
  idempotencyKey?: string;
}

interface ListOptions {
  bank?: string;
  status?: TransferStatusName;
  since?: Date;
  until?: Date;
  /** Milliseconds the transfer has been in its state for, at least. */
  olderThan?: number;
  reconciliation?: boolean;
  limit: number;
}

const changeLine = (change: StatusChange) =>
  `${change.at}  ${change.status}${change.reason ? ` (${change.reason})` : ''}`;

/** Polls the debtor bank until the transfer is final, printing each change as it comes when not --json. */
async function waitForFinal(bank: BankClient, sent: BankTransfer, json: boolean) {
  const result = await watch({
    sources: [{ name: 'bank', read: async () => bankSnapshot(await bank.getTransfer(sent.endToEndId)) }],
    done: (latest) => isFinal(latest.bank?.status ?? ''),
    onChange: json ? undefined : (change) => printText(changeLine(change)),
    intervalMs: WAIT_INTERVAL_MS,
    timeoutMs: WAIT_TIMEOUT_MS,
  });
  if (result.timedOut) {
    const status = result.latest.bank?.status ?? sent.status;
    throw new CliError(
      `transfer ${sent.endToEndId} still ${status} after ${WAIT_TIMEOUT_MS / 1000} s ` +
        `(follow it with: codepix transfer status ${sent.endToEndId})`,
      1,
    );
  }
  return result.changes.map(({ status, at, reason }) => ({ status, at, ...(reason ? { reason } : {}) }));
}

/** Pages through the hub's list (newest first) until `limit` transfers or the last page. */
async function listFromHub(hub: HubTarget, opts: ListOptions): Promise<TransferView[]> {
  // One instant for every page, so paging does not move the window.
  const updatedBefore = opts.olderThan === undefined ? undefined : new Date(Date.now() - opts.olderThan);
  return withHub(hub, async (client) => {
    const found: TransferView[] = [];
    let pageToken = '';
    do {
      const page = await client.listTransfers({
        ispb: opts.bank ?? '',
        status: opts.status ? TRANSFER_STATUSES[opts.status] : undefined,
        createdFrom: opts.since,
        createdTo: opts.until,
        updatedBefore,
        reconciliationOnly: opts.reconciliation ?? false,
        pageSize: Math.min(PAGE_SIZE_MAX, opts.limit - found.length),
        pageToken,
      });
      found.push(...page.transfers.map(transferView));
      pageToken = page.nextPageToken;
    } while (pageToken && found.length < opts.limit);
    return found.slice(0, opts.limit);
  });
}

/** `codepix transfer ...`: send Pix through a bank, and follow transfers at the hub. */
export function addTransferCommands(program: Command): void {
  const transfer = program.command('transfer').description('send Pix transfers and follow them');

  transfer
    .command('send')
    .description(
      "send a Pix from an account to a key, through the account's bank. A busy bank (429) is asked " +
        `again after its Retry-After, at most ${BUSY_RETRIES_MAX} times, with the same idempotency key. ` +
        'With --wait, exits 0 once the transfer is completed, and 1 if it is rejected or not final after ' +
        `${WAIT_TIMEOUT_MS / 1000} s`,
    )
    .requiredOption('--from <account>', "the debtor's account number at the bank")
    .option('--to <key>', "the creditor's Pix key (or --br-code)")
    .option('--br-code <payload>', 'a BR Code (Pix Copia e Cola) to pay: its key, amount and txid')
    .option('--amount <reais>', 'amount in reais, e.g. 12.34; optional with a code that has one', parseReais)
    .option('--description <text>', 'a message for the creditor')
    .option(
      '--idempotency-key <key>',
      'the same key sends once: reuse it to retry safely (default: a random UUID)',
    )
    .option(
      '--wait',
      `poll until completed or rejected, printing each change (gives up after ${WAIT_TIMEOUT_MS / 1000} s)`,
    )
    .action(async (opts: SendOptions, command: Command) => {
      const { json, bankUrl, operatorToken } = globalOptions(command);
      if ((opts.to === undefined) === (opts.brCode === undefined)) {
        throw new CliError('give either --to <key> or --br-code <payload>', 2);
      }
      if (opts.to !== undefined && opts.amount === undefined) {
        throw new CliError("required option '--amount <reais>' not specified", 2);
      }
      const bank = connectBank(bankUrl, operatorToken);
      const request = {
        fromAccount: opts.from,
        ...(opts.to !== undefined ? { key: opts.to } : { brCode: opts.brCode }),
        amount: opts.amount,
        description: opts.description,
      };
      const idempotencyKey = opts.idempotencyKey ?? randomUUID();
      const sent = await sendTransferWhenFree(bank, request, idempotencyKey);
      if (!opts.wait) {
        emit(json, sent, () => describeBankTransfer(sent, [['Idempotency key', idempotencyKey]]));
        return;
      }
      if (!json) printText(`sent ${formatReais(sent.amount)} to ${sent.counterpartyKey}: ${sent.endToEndId}`);
      const statusChanges = await waitForFinal(bank, sent, json);
      const final = await bank.getTransfer(sent.endToEndId);
      // The bank's transfer with what --wait saw: the same fields as without --wait, plus statusChanges.
      emit(json, { ...final, statusChanges }, () => describeBankTransfer(final));
      // A script waits in order to know: a rejected transfer is a failure, said in one line on stderr.
      if (final.status === 'rejected') {
        throw new CliError(`transfer ${final.endToEndId} rejected: ${final.reason ?? 'no reason given'}`, 1);
      }
    });

  transfer
    .command('refund')
    .description(
      'refund all or part of a Pix received, through the bank that received it (--bank-url): the money ' +
        'goes back to the account that paid it. Partial refunds may add up to the original at most, ' +
        'within 90 days of its settlement; the hub rejects any other',
    )
    .argument('<end-to-end-id>', 'the end-to-end id of the transfer received')
    .requiredOption('--amount <reais>', 'amount to return in reais, e.g. 12.34', parseReais)
    .addOption(
      oneOf('--reason <code>', 'MD06 customer request, BE08 bank error, FR01 fraud, SL02 Pix Saque/Troco', [
        ...REFUND_REASONS,
      ]).default('MD06'),
    )
    .option('--description <text>', 'a message for the original payer')
    .option('--idempotency-key <key>', 'the same key refunds once (default: a random UUID)')
    .action(async (endToEndId: string, opts: RefundOptions, command: Command) => {
      const { json, bankUrl, operatorToken } = globalOptions(command);
      const idempotencyKey = opts.idempotencyKey ?? randomUUID();
      const { amount, reason, description } = opts;
      const refund = await connectBank(bankUrl, operatorToken).refundTransfer(
        endToEndId,
        { amount, reason, description },
        idempotencyKey,
      );
      emit(json, refund, () => describeBankTransfer(refund, [['Idempotency key', idempotencyKey]]));
    });

  transfer
    .command('status')
    .description(
      'show a transfer as the hub knows it, or, given --bank-url on the command line, as that bank knows it',
    )
    .argument('<end-to-end-id>', "the transfer's end-to-end id (E + ISPB + time + 11 characters)")
    .action(async (endToEndId: string, _opts: object, command: Command) => {
      const { hub, bankUrl, operatorToken, json } = globalOptions(command);
      // Only a --bank-url typed here asks the bank: CODEPIX_BANK_URL set for other commands does not.
      if (command.getOptionValueSourceWithGlobals('bankUrl') === 'cli') {
        const atBank = await connectBank(bankUrl, operatorToken).getTransfer(endToEndId);
        emit(json, atBank, () => describeBankTransfer(atBank));
        return;
      }
      const atHub = transferView(await withHub(hub, (client) => client.getTransfer(endToEndId)));
      emit(json, atHub, () => describeTransfer(atHub));
    });

  transfer
    .command('list')
    .description("list the hub's transfers, newest first")
    .option('--bank <ispb>', 'only transfers where this bank is debtor or creditor')
    .addOption(oneOf('--status <status>', 'only transfers in this state', Object.keys(TRANSFER_STATUSES)))
    .option('--since <time>', 'created at or after this ISO 8601 time', parseIsoTime)
    .option('--until <time>', 'created before this ISO 8601 time', parseIsoTime)
    .option(
      '--older-than <duration>',
      'only transfers whose state last changed longer ago than this, e.g. 30s, 1m, 2h: with --status, those stuck in it',
      parseDuration,
    )
    .option(
      '--reconciliation',
      'only transfers the hub raised for reconciliation (a person must put them right)',
    )
    .addOption(
      new Option('--limit <n>', 'at most this many').default(50).argParser((raw) => parseCount(raw, 100_000)),
    )
    .action(async (opts: ListOptions, command: Command) => {
      const { hub, json } = globalOptions(command);
      const transfers = await listFromHub(hub, opts);
      emit(json, transfers, () => (transfers.length === 0 ? 'no transfers' : transfersTable(transfers)));
    });
}
