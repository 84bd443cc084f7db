import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createLogger, fileLog, type Logger, type LogLevel } from '../lib/observability/logger';
import { stopWithParent } from '../src/infrastructure/local/processes';

/**
 * How the stack starts `codepix` processes and where their output goes: the one place for spawn and log
 * plumbing. Every process appends its stderr and stdout to a log file of its own, across restarts, so
 * a crash can be explained after the fact; `echo` also copies each line onto our stderr, labelled.
 */

/** The project root (where package.json is), from stack/ under ts-jest or dist/stack/ when built. */
export function projectRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'proto'))) return dir;
  }
  throw new Error(`no project root above ${__dirname}`);
}

/** The built CLI: a stack runs what `npm run build` made, as a deployment would. */
export const cliPath = () => path.join(projectRoot(), 'dist/cmd/codepix.js');

export interface CliProcessOptions {
  /** `[label] line` on our stderr when echoing, and the log file's name. */
  label: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Also copy each output line onto our stderr, labelled (a benchmark's operator watches them). */
  echo?: boolean;
  /** Where the process writes a V8 CPU profile when it exits (node --cpu-prof); none when unset. */
  cpuProfileDir?: string;
  /** What it gets when this process exits first: SIGTERM lets it finish its work, SIGKILL does not. */
  onParentExit?: NodeJS.Signals;
}

/** Starts `codepix <args>`; the guard that takes it down with us is dropped once it has exited. */
export function spawnCli(args: string[], opts: CliProcessOptions): ChildProcess {
  const profile = opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  fs.appendFileSync(opts.logFile, `=== ${new Date().toISOString()} starting ${opts.label}\n`);
  // Without echo the file is the child's own stdout and stderr: no copying through our event loop,
  // which a load generator sharing the machine would pay for.
  const log = fs.openSync(opts.logFile, 'a');
  const child = spawn(process.execPath, [...profile, cliPath(), ...args], {
    cwd: projectRoot(),
    env: opts.env,
    stdio: opts.echo ? ['ignore', 'pipe', 'pipe'] : ['ignore', log, log],
  });
  if (opts.echo) {
    const copy = (chunk: Buffer) => {
      fs.appendFileSync(opts.logFile, chunk);
      for (const line of String(chunk).split('\n').filter(Boolean))
        process.stderr.write(`[${opts.label}] ${line}\n`);
    };
    child.stdout?.on('data', copy);
    child.stderr?.on('data', copy);
  }
  fs.closeSync(log);
  const unguard = stopWithParent(child, opts.onParentExit ?? 'SIGTERM');
  child.once('exit', (code, signal) => {
    unguard();
    fs.appendFileSync(
      opts.logFile,
      `=== ${new Date().toISOString()} ${opts.label} (pid ${child.pid}) exited: ${signal ?? code}\n`,
    );
  });
  return child;
}

/** Runs `codepix <args>` to its end (a migration, a registration); fails with what it said. */
export function runCli(args: string[], opts: CliProcessOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, opts);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve();
      reject(new Error(`codepix ${args.join(' ')} ended with ${signal ?? code}:\n${logTail(opts.logFile)}`));
    });
  });
}

/** The last lines of a log file (any of its process's runs); '' when there is none yet. */
export function logTail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** SIGTERM, and SIGKILL if it has not exited after `graceMs`; resolves once it is gone. */
export async function terminate(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(force);
}

/** A logger writing to a file (and to `echo`, if given): for what runs in our own process (the embedded Postgres, Kafka's start). */
export function fileLogger(file: string, echo?: Logger): Logger {
  const toFile = createLogger('debug', 'infra', fileLog(file));
  const write = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    toFile[level](msg, fields);
    echo?.[level](msg, fields);
  };
  return {
    pino: toFile.pino,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
