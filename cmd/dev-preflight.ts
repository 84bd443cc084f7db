import fs from 'node:fs';
import path from 'node:path';
import { isPortFree } from '../src/infrastructure/local/persisted-ports';
import { commandLine, isAlive } from '../src/infrastructure/local/processes';
import { CliError } from './errors';

/** What `codepix dev up` checks before it starts anything, so a refusal costs a second and one line. */

interface LockContent {
  pid: number;
  startedAt: string;
}

export interface DevLock {
  release(): void;
}

const readLock = (file: string): Partial<LockContent> => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
};

/**
 * One `dev up` per data dir: `<home>/dev.pid` names the one running. It is written aside and linked
 * into place, which fails if the file exists, so two starts at once cannot both win. A file naming a
 * process that is gone (a run killed with SIGKILL) is taken over.
 */
export function acquireDevLock(home: string): DevLock {
  fs.mkdirSync(home, { recursive: true });
  const file = path.join(home, 'dev.pid');
  const mine: LockContent = { pid: process.pid, startedAt: new Date().toISOString() };
  const aside = `${file}.${process.pid}`;
  fs.writeFileSync(aside, `${JSON.stringify(mine)}\n`);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        fs.linkSync(aside, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
      }
      const held = readLock(file);
      // A pid reused by another program is not a dev up: only a live codepix process holds the lock.
      if (
        typeof held.pid === 'number' &&
        isAlive(held.pid) &&
        /codepix/.test(commandLine(held.pid) || 'codepix')
      ) {
        throw new CliError(
          `codepix dev up is already running with this data dir (pid ${held.pid}, since ${held.startedAt}, ` +
            `${home}): use that one, or stop it first (Ctrl-C in its terminal, or kill ${held.pid})`,
          1,
        );
      }
      fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
  return {
    release: () => {
      if (readLock(file).pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

/**
 * Refuses, in one line, when a fixed port the stack needs is taken (by another program, or a `dev up`
 * with another data dir), before Postgres and Kafka are started for nothing.
 */
export async function requireFreePorts(
  host: string,
  ports: { port: number; what: string; option: string }[],
): Promise<void> {
  const taken: typeof ports = [];
  for (const wanted of ports) {
    if (wanted.port !== 0 && !(await isPortFree(wanted.port, host))) taken.push(wanted);
  }
  if (taken.length === 0) return;
  const list = taken.map((t) => `${t.port} (${t.what})`).join(', ');
  const options = [...new Set(taken.map((t) => t.option))].join(' or ');
  throw new CliError(
    `port${taken.length > 1 ? 's' : ''} ${list} already in use on ${host}, by another program or another ` +
      `codepix dev up: stop it, or choose other ports with ${options}`,
    1,
  );
}
