import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The command line of a running process, '' when there is none (Linux /proc). */
export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Signals a process we did not spawn, escalating to SIGKILL after `graceMs`; resolves once it is gone. */
export async function terminate(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await sleep(50);
      return;
    }
    await sleep(100);
  }
}

/** Fails fast, in one line, when a tool the local stack needs is not installed. */
export function requireCommand(command: string, whatToInstall: string): void {
  const found = (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) {
    throw new Error(
      `\`${command}\` not found: install ${whatToInstall}, or set KAFKA_BROKERS to an existing broker`,
    );
  }
}

/** Runs a command to completion; the error carries the tail of its output. */
export function run(command: string, args: string[], what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => reject(new Error(`${what} failed: ${err.message}`)));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (${signal ?? `exit code ${code}`}):\n${output.trim()}`));
    });
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const guarded = new Map<ChildProcess, NodeJS.Signals>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function signalGuarded(): void {
  for (const [child, signal] of guarded)
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

/** Without other handlers a signal would end us without an 'exit' event, so we act and re-raise it. */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // the host owns shutdown and will stop or exit
  signalGuarded();
  uninstall();
  process.kill(process.pid, signal);
}

function uninstall(): void {
  process.off('exit', signalGuarded);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Sends `signal` to `child` when this process exits, so local infrastructure never outlives the
 * process that started it (short of SIGKILL, which the next start cleans up after).
 * Returns a function that drops the guard, for use once the child has been stopped.
 */
export function stopWithParent(child: ChildProcess, signal: NodeJS.Signals): () => void {
  if (guarded.size === 0) {
    process.on('exit', signalGuarded);
    for (const s of SIGNALS) process.on(s, onSignal);
  }
  guarded.set(child, signal);
  return () => {
    guarded.delete(child);
    if (guarded.size === 0) uninstall();
  };
}

/** The processes whose parent is `pid` (Linux /proc), e.g. a postmaster's backends. */
export function childProcesses(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name in parentheses may itself hold spaces or parentheses: read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/** Alive and not a zombie: an orphan's zombie lingers until whoever adopted it reaps it. */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return isAlive(pid);
  }
}

/** Resolves once none of `pids` is running; false if some still are after `timeoutMs`. */
export async function waitUntilGone(pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isRunning)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * How many processes are attached to the System V shared memory segment `shmid`, 0 when it is gone
 * (Linux /proc/sysvipc/shm: key shmid perms size cpid lpid nattch ...).
 */
export function sharedMemoryAttachments(shmid: number): number {
  try {
    for (const line of fs.readFileSync('/proc/sysvipc/shm', 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (Number(fields[1]) === shmid) return Number(fields[6]);
    }
  } catch {
    // no /proc/sysvipc: nothing to wait for
  }
  return 0;
}
