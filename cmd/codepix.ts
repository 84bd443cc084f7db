#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { flushStderrLog } from '../lib/observability/logger';
import { ConfigError } from '../src/infrastructure/config/config';
import { addAccountCommands } from './account';
import { addBankCommands } from './bank';
import { bankUrlOption, operatorTokenOption } from './bank-client';
import { addDemoCommand } from './demo';
import { addDevCommands } from './dev';
import { CliError, errorLine } from './errors';
import { inCommandTerms } from './field-words';
import { addKeyCommands } from './key';
import { addMigrateCommand } from './migrate';
import { addPkiCommands } from './pki';
import { addQrCommand } from './qr';
import { addServeCommand } from './serve';
import { addTransferCommands } from './transfer';

/** The version in the nearest package.json: found the same way from cmd/ (ts-jest) and dist/cmd/. */
function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')).version ?? 'unknown';
  }
  return 'unknown';
}

/**
 * The whole CLI. serve, migrate and dev import the hub and the bank simulator (TypeORM, kafkajs)
 * only when they run, so the client commands start in a fraction of the time.
 */
export function buildProgram(): Command {
  const program = new Command('codepix')
    .description(
      'CodePix, a Pix-style interbank hub: run it with demo banks, manage banks and Pix keys, send and follow transfers',
    )
    .version(packageVersion())
    .addOption(
      new Option('--hub <address>', 'hub gRPC address').env('CODEPIX_HUB').default('localhost:50051'),
    )
    .addOption(
      new Option(
        '--identity <dir>',
        'folder with key.pem, cert.pem and ca.pem to call the hub with (default: the operator, or the bank named by --bank, under CODEPIX_PKI)',
      ).env('CODEPIX_IDENTITY'),
    )
    .addOption(bankUrlOption('HTTP address of the bank that account, transfer send and demo talk to'))
    .addOption(operatorTokenOption())
    .option('--json', 'print JSON (for scripts) instead of tables')
    // Every subcommand's --help lists these too, so --bank-url shows where it is used.
    .configureHelp({ showGlobalOptions: true })
    .addHelpText(
      'after',
      '\nStart here:\n' +
        '  npx codepix dev up   Postgres, Kafka, the hub and three demo banks on this machine, until Ctrl-C\n' +
        '  npx codepix demo     then, in another terminal: one Pix across two banks, step by step\n' +
        '  npx codepix <command> --help   what a command takes',
    )
    // Subcommands made by .command() inherit both: errors stay one line, and main() picks the exit code.
    .configureOutput({
      outputError: (message, write) => write(`${message.trim().replace(/\s*\n\s*/g, ' ')}\n`),
    })
    .exitOverride();
  addServeCommand(program);
  addMigrateCommand(program);
  addDevCommands(program);
  addBankCommands(program);
  addPkiCommands(program);
  addKeyCommands(program);
  addAccountCommands(program);
  addTransferCommands(program);
  addQrCommand(program);
  addDemoCommand(program);
  return program;
}

/** Runs the CLI; resolves to the exit code: 0, 2 for usage errors, 1 for anything else. */
export async function main(argv: string[] = process.argv): Promise<number> {
  let ran: Command | undefined;
  try {
    await buildProgram()
      .hook('preAction', (_program, action) => {
        ran = action;
      })
      .parseAsync(argv);
    return 0;
  } catch (caught) {
    // Commander has already printed its own message (or the help, or the version).
    if (caught instanceof CommanderError) return caught.exitCode === 0 ? 0 : 2;
    const error = inCommandTerms(caught, ran);
    // After the log lines that led to it (serve, dev up), which are written asynchronously.
    flushStderrLog();
    process.stderr.write(`${errorLine(error)}\n`);
    if (error instanceof CliError) return error.exitCode;
    return error instanceof ConfigError ? 2 : 1;
  }
}

if (require.main === module) {
  // Exit explicitly once the output is flushed: a library's stray timer must not keep the CLI alive,
  // nor a library's exit hook change the exit code.
  main().then((code) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code))));
}
