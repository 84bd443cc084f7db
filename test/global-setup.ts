import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, fileLog } from '../lib/observability/logger';
import { loadConfig } from '../src/infrastructure/config/config';
import { type LocalInfra, startLocalInfra } from '../src/infrastructure/local/local-stack';
import { provisionLocalPki } from '../src/infrastructure/security/provision';
import { TEST_LOG_LEVEL } from './support/test-log';

/** The log of Postgres and Kafka, started here, in the run's logs. */
export const INFRA_LOG = 'test-infra.log';

/** Shared with global-teardown.ts, which Jest runs in this same process. */
export interface TestInfraHandle {
  infra: LocalInfra;
  home: string;
  /** The run's logs: the infrastructure's, and each failing test's (test/log-environment.ts). */
  logs: string;
}
declare global {
  var codepixTestInfra: TestInfraHandle | undefined;
}

/**
 * Starts one Postgres and one Kafka for the whole integration run, in a fresh home so runs never
 * share data, unless DATABASE_URL / KAFKA_BROKERS point at existing ones. Test files read the
 * addresses from process.env, which Jest's workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'codepix-test-'));
  // mkdtemp makes it 0700; the embedded Postgres runs as another user when we are root.
  fs.chmodSync(home, 0o755);
  // The run's own identities (authority, hub, operator, broker); test files issue banks' from them.
  process.env.CODEPIX_PKI = path.join(home, 'pki');
  // Many hubs run at once in a test run: each takes a free port for its metrics door.
  process.env.METRICS_PORT = '0';
  // And for its console door, should a hub be given an operator token.
  process.env.CONSOLE_PORT = '0';
  // Every hub the tests start (in a worker or a process of its own) fails on a row it did not prefetch.
  process.env.CODEPIX_STRICT_PREFETCH = 'on';
  await provisionLocalPki(process.env.CODEPIX_PKI);
  const config = { ...loadConfig(), home };
  // Kept after the run when a test failed (global-teardown.ts), so it is not under the home.
  const logs = path.join(os.tmpdir(), 'codepix-test-logs', path.basename(home));
  process.env.CODEPIX_TEST_LOGS = logs;
  const infraLog = path.join(logs, INFRA_LOG);
  const logger = createLogger(TEST_LOG_LEVEL, 'test-infra', fileLog(infraLog));
  const started = Date.now();
  const infra = await startLocalInfra(config, logger).catch((err) => {
    fs.rmSync(home, { recursive: true, force: true });
    process.stderr.write(`The test infrastructure did not start; its log is ${infraLog}\n`);
    throw err;
  });
  process.env.CODEPIX_TEST_EXTERNAL_DATABASE = config.databaseUrl ? '1' : '0';
  process.env.DATABASE_URL = infra.databaseUrl;
  process.env.KAFKA_BROKERS = infra.kafkaBrokers.join(',');
  // Run-wide state the test files share: test/support/cli.ts builds the CLI once per run under it.
  process.env.CODEPIX_TEST_HOME = home;
  globalThis.codepixTestInfra = { infra, home, logs };
  logger.info('test infrastructure ready', { ms: Date.now() - started, kafka: process.env.KAFKA_BROKERS });
}
