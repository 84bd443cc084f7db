import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../src/infrastructure/local/free-port';
import { findOrInstall } from './debian-package';
import { eventually } from './kafka-probe';
import { captureStderr } from './test-log';

const PROMETHEUS = '/usr/bin/prometheus';
/** Debian's prometheus package installs promtool beside the server. */
const PROMTOOL = '/usr/bin/promtool';

/** One sample of an instant vector, as Prometheus's HTTP API answers it. */
export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** What /api/v1/query answers: a result, or the error Prometheus found in the expression. */
export type QueryAnswer =
  | { status: 'success'; data: { resultType: string; result: Sample[] } }
  | { status: 'error'; errorType: string; error: string };

export interface PrometheusServer {
  url: string;
  /** Evaluates `expr` now; an expression Prometheus refuses answers `status: 'error'`. */
  query(expr: string): Promise<QueryAnswer>;
  /** The scrape targets and their health (/api/v1/targets). */
  targets(): Promise<{ scrapePool: string; scrapeUrl: string; health: string; lastError: string }[]>;
  stop(): Promise<void>;
}

/** `promtool check config` on a Prometheus configuration: Prometheus's own validation, offline. */
export async function checkConfig(file: string): Promise<void> {
  await findOrInstall('prometheus', PROMETHEUS);
  await promisify(execFile)(PROMTOOL, ['check', 'config', file]);
}

/**
 * A real Prometheus server (Debian's, installed when missing) with `config` (YAML text), its data in
 * `dir`, listening on a free loopback port; its log goes to the test's log. Resolves once it is ready.
 */
export async function startPrometheus(config: string, dir: string): Promise<PrometheusServer> {
  const binary = await findOrInstall('prometheus', PROMETHEUS);
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(configFile, config);
  await checkConfig(configFile);
  const address = `127.0.0.1:${await freePort()}`;
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=${address}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  captureStderr(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://${address}`;
  const api = async <T>(route: string): Promise<T> => (await fetch(`${url}${route}`)).json() as Promise<T>;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}; see the log`);
      return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok || undefined;
    }, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    query: (expr) => api(`/api/v1/query?query=${encodeURIComponent(expr)}`),
    targets: async () =>
      (
        await api<{ data: { activeTargets: Awaited<ReturnType<PrometheusServer['targets']>> } }>(
          '/api/v1/targets',
        )
      ).data.activeTargets,
    stop,
  };
}
