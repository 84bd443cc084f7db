import { type Command, InvalidArgumentError, Option } from 'commander';
import { readOperatorToken } from '../lib/security/operator-token';
import type { Account } from '../src/gen/codepix/v1/pix_key';
import { codepixHome } from '../src/infrastructure/config/config';
import { oneOf } from './arguments';
import { ACCOUNT_TYPES, type AccountTypeName } from './views';

/**
 * Which hub to call and as whom: the identity folder given (`--identity`), else the identity of the
 * bank named by `actingAs`, else the operator's, both found under CODEPIX_PKI.
 */
export interface HubTarget {
  address: string;
  identity?: string;
  actingAs?: string;
}

/** Options every command accepts, declared once on the program in codepix.ts. */
export interface GlobalOptions {
  hub: HubTarget;
  /** The bank the account, transfer send and demo commands talk to. */
  bankUrl: string;
  /** Its operator's token: --operator-token, CODEPIX_OPERATOR_TOKEN, else CODEPIX_HOME's file if any. */
  operatorToken?: string;
  json: boolean;
}

export const globalOptions = (command: Command): GlobalOptions => {
  const { hub, identity, bankUrl, operatorToken, json } = command.optsWithGlobals<{
    hub: string;
    identity?: string;
    bankUrl: string;
    operatorToken?: string;
    json?: boolean;
  }>();
  return {
    hub: { address: hub, identity },
    bankUrl,
    operatorToken: operatorToken ?? readOperatorToken(codepixHome()),
    json: Boolean(json),
  };
};

/** `--bank`: the bank a hub call is made as, with its identity (commands acting for one bank). */
export const bankOption = () =>
  new Option(
    '--bank <ispb>',
    'ISPB of the calling bank; calls with its identity under CODEPIX_PKI unless --identity',
  ).makeOptionMandatory();

/** The account a directory call is for, at the calling bank: `key register` and `key claim open`. */
export function addAccountOptions(command: Command): Command {
  return command
    .requiredOption('--branch <branch>', 'account branch, 1-4 digits')
    .requiredOption('--account <number>', 'account number, 1-20 digits')
    .addOption(oneOf('--type <type>', 'account type', Object.keys(ACCOUNT_TYPES)).default('CACC'))
    .requiredOption('--owner-name <name>', "account owner's name")
    .requiredOption('--owner-tax-id <id>', "account owner's CPF (11 digits) or CNPJ (14 digits)");
}

/** What addAccountOptions adds, as commander parses it. */
export interface AccountOptions {
  branch: string;
  account: string;
  type: AccountTypeName;
  ownerName: string;
  ownerTaxId: string;
}

/** The account the options name, as a directory request carries it. */
export const accountFromOptions = (opts: AccountOptions): Account => ({
  branch: opts.branch,
  number: opts.account,
  type: ACCOUNT_TYPES[opts.type],
  ownerName: opts.ownerName,
  ownerTaxId: opts.ownerTaxId,
});

const portNumber = (raw: string) => {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new InvalidArgumentError('Expected a port number (0-65535).');
  return port;
};

/** `--port` for commands that open the hub's gRPC door; 0 asks the system for a free port. */
export const portOption = () =>
  new Option(
    '--port <port>',
    "the hub's gRPC port (default: GRPC_PORT, else 50051; 0: any free port)",
  ).argParser(portNumber);

/** `--metrics-port`: where the hub serves GET /metrics; 0 asks the system for a free port. */
export const metricsPortOption = () =>
  new Option(
    '--metrics-port <port>',
    "the hub's metrics port, GET /metrics (default: METRICS_PORT, else 9464; 0: any free port)",
  ).argParser(portNumber);

/** `--console-port`: where the hub serves its console pages; 0 asks the system for a free port. */
export const consolePortOption = () =>
  new Option(
    '--console-port <port>',
    "the hub console's port, served with an operator token (default: CONSOLE_PORT, else 8090; 0: any free port)",
  ).argParser(portNumber);

/** `--listen`: the address the hub (and a bank) listens on; unset, GRPC_HOST, else the loopback. */
export const listenOption = () =>
  new Option(
    '--listen <address>',
    'address to listen on (default: GRPC_HOST, else 127.0.0.1, this machine only; 0.0.0.0 opens it to ' +
      "every network, and a bank's HTTP API is plain HTTP: put TLS in front of it)",
  );

export const workersOption = () =>
  new Option('--workers <n>', 'hub processes sharing the port (default 1)').default(1).argParser((raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 64)
      throw new InvalidArgumentError('Expected a whole number from 1 to 64.');
    return n;
  });
