import { type Answer, type BankDoor, bankRequest } from '../../stack/bank-http';
import { Stack } from '../../stack/stack';
import { buildCliOnce } from './cli';

/**
 * The whole system for end-to-end tests: the one stack harness (stack/stack.ts) on the test run's
 * Postgres, Kafka and identities (test/global-setup.ts), under topics of its own. The hub and the
 * demo banks run as the built CLI's processes, at info level, so a test can read what each one said.
 */
export function transferStack(opts: { name: string; deadlineMs: number; env?: NodeJS.ProcessEnv }): Stack {
  return new Stack({
    name: opts.name,
    databaseUrl: process.env.DATABASE_URL,
    kafkaBrokers: process.env.KAFKA_BROKERS?.split(','),
    pkiDir: process.env.CODEPIX_PKI,
    env: { TRANSFER_DEADLINE_MS: String(opts.deadlineMs), TRANSFER_SWEEP_INTERVAL_MS: '200', ...opts.env },
    logLevel: 'info',
  });
}

/** Starts it once the CLI is built: its processes run what `npm run build` makes. */
export async function startTransferStack(stack: Stack): Promise<void> {
  await buildCliOnce();
  await stack.start();
}

/** A bank's HTTP API as its operator (the stack's token): JSON in and out, the status kept. */
export const api = (
  bank: BankDoor,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> => bankRequest(bank, method, path, body, headers);
