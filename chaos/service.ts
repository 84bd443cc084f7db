import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sleep, stopWithParent } from '../src/infrastructure/local/processes';

/** The project root (where package.json is), from chaos/ under ts-jest or dist/chaos/ when built. */
export function projectRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'proto'))) return dir;
  }
  throw new Error(`no project root above ${__dirname}`);
}

/** A process that died without being asked to, with what it said last. */
export interface Crash {
  service: string;
  pid?: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  at: string;
  stderrTail: string;
}

export interface ServiceOptions {
  label: string;
  /** Arguments of the built `codepix` CLI. */
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Resolves true once the process serves. */
  ready(): Promise<boolean>;
  /** Told about every unexpected exit; the service restarts itself after it, as a supervisor would. */
  onCrash(crash: Crash): void;
}

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;

/**
 * One `codepix` process (a hub or a bank) that the harness kills, freezes and restarts. Its stderr is
 * appended to a log file across restarts. An exit nobody asked for is reported and followed by a restart
 * (with a growing pause), so one crash does not end the run but is never hidden either.
 */
export class Service {
  private child?: ChildProcess;
  private exited = Promise.resolve();
  private expectingExit = false;
  private stopped = false;
  private crashesInARow = 0;
  restarts = 0;

  constructor(private readonly opts: ServiceOptions) {}

  get label(): string {
    return this.opts.label;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** Spawns the process and waits until it serves. */
  async start(): Promise<void> {
    this.spawn();
    await this.waitReady();
  }

  async waitReady(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(this.running && (await this.opts.ready().catch(() => false)))) {
      if (Date.now() > deadline) {
        throw new Error(`${this.label} not ready after ${timeoutMs / 1000} s:\n${this.stderrTail()}`);
      }
      await sleep(200);
    }
    this.crashesInARow = 0;
  }

  /** SIGKILL, as a crash would; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.expectingExit = true;
    this.child?.kill('SIGCONT'); // a frozen process dies just as well, but only a running one exits promptly
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGKILL, then the same command again; resolves once it serves. */
  async restart(downtimeMs = 0): Promise<void> {
    await this.kill();
    if (downtimeMs > 0) await sleep(downtimeMs);
    this.restarts++;
    await this.start();
  }

  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** SIGTERM (after SIGCONT, in case it is frozen), SIGKILL after a grace period. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (!this.running) return;
    this.expectingExit = true;
    this.child?.kill('SIGCONT');
    this.child?.kill('SIGTERM');
    const force = setTimeout(() => this.child?.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(force);
  }

  /** The last lines the process (any of its runs) wrote to stderr. */
  stderrTail(lines = 20): string {
    try {
      return fs.readFileSync(this.opts.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  private spawn(): void {
    const cli = path.join(projectRoot(), 'dist/cmd/codepix.js');
    fs.appendFileSync(this.opts.logFile, `=== ${new Date().toISOString()} starting ${this.label}\n`);
    const log = fs.openSync(this.opts.logFile, 'a');
    const child = spawn(process.execPath, [cli, ...this.opts.args], {
      cwd: projectRoot(),
      env: this.opts.env,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.child = child;
    this.expectingExit = false;
    // Should the harness itself die, its processes go with it.
    const unguard = stopWithParent(child, 'SIGKILL');
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        unguard();
        fs.appendFileSync(
          this.opts.logFile,
          `=== ${new Date().toISOString()} ${this.label} (pid ${child.pid}) exited: ${signal ?? code}\n`,
        );
        if (!this.expectingExit && !this.stopped) this.crashed(child, code, signal);
        resolve();
      });
    });
  }

  private crashed(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    this.opts.onCrash({
      service: this.label,
      pid: child.pid,
      code,
      signal,
      at: new Date().toISOString(),
      stderrTail: this.stderrTail(),
    });
    this.crashesInARow++;
    const pause = Math.min(10_000, 500 * 2 ** this.crashesInARow);
    setTimeout(() => {
      if (this.stopped || this.child !== child) return;
      this.restarts++;
      this.spawn();
    }, pause);
  }
}
