import type { ChildProcess } from 'node:child_process';
import { sleep } from '../src/infrastructure/local/processes';
import { type CliProcessOptions, logTail, spawnCli } from './cli-process';

/** A process that died without being asked to, with what it said last. */
export interface Crash {
  service: string;
  pid?: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  at: string;
  stderrTail: string;
}

export interface ServiceOptions extends Omit<CliProcessOptions, 'onParentExit'> {
  /** Arguments of the built `codepix` CLI. */
  args: string[];
  /** Resolves true once the process serves. */
  ready(): Promise<boolean>;
  /** Told about every exit nobody asked for. */
  onCrash(crash: Crash): void;
  /** Start the process again after such an exit, as a supervisor would (a fault run); else it stays down. */
  supervise: boolean;
}

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;

/**
 * One `codepix` process (a hub or a bank) that can be stopped, killed, frozen and started again on the
 * same arguments (so the same port and data). An exit nobody asked for is reported and, when
 * supervised, followed by a restart with a growing pause, so one crash does not end a fault run but is
 * never hidden either.
 */
export class Service {
  private child?: ChildProcess;
  private exited: Promise<number | null> = Promise.resolve(null);
  private expectingExit = false;
  private stopAsked = false;
  private crashesInARow = 0;
  restarts = 0;

  constructor(private readonly opts: ServiceOptions) {}

  get label(): string {
    return this.opts.label;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Stopped by stop() and not started since: not expected to serve. */
  get stoppedOnPurpose(): boolean {
    return this.stopAsked;
  }

  get running(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** Spawns the process (again, after a stop) and waits until it serves. */
  async start(): Promise<void> {
    this.stopAsked = false;
    this.spawn();
    await this.waitReady();
  }

  /** Unsupervised, an exit while waiting fails at once: nothing would bring the process back. */
  async waitReady(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(this.running && (await this.opts.ready().catch(() => false)))) {
      if (!this.opts.supervise && !this.running) {
        throw new Error(`${this.label} exited while starting:\n${this.logTail()}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.label} not ready after ${timeoutMs / 1000} s:\n${this.logTail()}`);
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

  /**
   * Asks the process to end (after SIGCONT, in case it is frozen): SIGTERM lets it finish its work,
   * SIGKILL after a grace period. Resolves with its exit code (null when a signal ended it). Idempotent.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    this.stopAsked = true;
    if (!this.running) return this.exited;
    this.expectingExit = true;
    this.child?.kill('SIGCONT');
    this.child?.kill(signal);
    const force = setTimeout(() => this.child?.kill('SIGKILL'), STOP_GRACE_MS);
    const code = await this.exited;
    clearTimeout(force);
    return code;
  }

  /** The last lines the process (any of its runs) wrote. */
  logTail(lines = 20): string {
    return logTail(this.opts.logFile, lines);
  }

  private spawn(): void {
    const child = spawnCli(this.opts.args, {
      ...this.opts,
      // Should the harness itself die, a fault run's processes must not linger as if they had crashed.
      onParentExit: this.opts.supervise ? 'SIGKILL' : 'SIGTERM',
    });
    this.child = child;
    this.expectingExit = false;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (!this.expectingExit && !this.stopAsked) this.crashed(child, code, signal);
        resolve(code);
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
      stderrTail: this.logTail(),
    });
    if (!this.opts.supervise) return;
    this.crashesInARow++;
    const pause = Math.min(10_000, 500 * 2 ** this.crashesInARow);
    setTimeout(() => {
      if (this.stopAsked || this.child !== child) return;
      this.restarts++;
      this.spawn();
    }, pause);
  }
}
