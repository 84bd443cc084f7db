import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { captureStderr } from './test-log';

/** Drives the built `codepix` binary as a user would: exit codes, stdout and stderr are the contract. */
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cmd/codepix.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of every child: the test's own, minus anything that would pick the hub for it. */
function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', CODEPIX_HUB: undefined, ...extra };
  for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
  return env;
}

/** `detached`: in a process group of its own, which a test can signal whole, as a terminal does. */
export function start(
  args: string[],
  env?: Record<string, string | undefined>,
  options: { detached?: boolean } = {},
): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: childEnv(env), ...options });
  captureStderr(child);
  return child;
}

export function finished(child: ChildProcess): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const run = (args: string[], env?: Record<string, string | undefined>) => finished(start(args, env));

/** Resolves with the first line on `stream` that `match` accepts. */
export function lineMatching<T>(
  stream: NodeJS.ReadableStream,
  match: (line: string) => T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`no matching line in ${timeoutMs} ms: ${buffer}`)),
      timeoutMs,
    );
    stream.on('data', (chunk) => {
      buffer += chunk;
      for (const line of buffer.split('\n').slice(0, -1)) {
        const found = match(line);
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      }
    });
  });
}

/** Command lines of the live processes that name `dir` (Linux /proc): Postgres and Kafka started under it. */
export function processesMentioning(dir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return cmdline.includes(dir) ? [cmdline] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

export const parseJson = (line: string) => {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
};

/** The CLI as the tests run it: compiled with the same tsc settings `npm run build` uses. */
function buildCli(): void {
  const gen = path.join(ROOT, 'src/gen/codepix/v1/pix_key.ts');
  if (!existsSync(gen)) execFileSync('npm', ['run', 'gen'], { cwd: ROOT, stdio: 'pipe' });
  try {
    execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout: Buffer; stderr: Buffer };
    throw new Error(`build failed:\n${stdout}${stderr}`);
  }
}

/**
 * Builds the CLI once per integration run. The CLI test files run in parallel workers, and a second tsc
 * rewriting dist/ while another file spawns the CLI could hand it a half-written file: so the first file
 * here builds (mkdir is atomic) and the others wait for the outcome it leaves in the run's test home.
 */
export async function buildCliOnce(timeoutMs = 110_000): Promise<void> {
  const home = process.env.CODEPIX_TEST_HOME;
  if (!home) throw new Error('CODEPIX_TEST_HOME is not set: test/global-setup.ts should have set it');
  const lock = path.join(home, 'cli-build');
  const outcome = path.join(lock, 'outcome.json');
  try {
    mkdirSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(outcome)) {
      if (Date.now() > deadline) throw new Error(`no CLI build outcome in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { failure } = JSON.parse(readFileSync(outcome, 'utf8')) as { failure?: string };
    if (failure) throw new Error(failure);
    return;
  }
  let failure: string | undefined;
  try {
    buildCli();
  } catch (error) {
    failure = (error as Error).message;
  }
  // Written aside and renamed, so a waiting file never reads half an outcome.
  writeFileSync(`${outcome}.tmp`, JSON.stringify({ failure }));
  renameSync(`${outcome}.tmp`, outcome);
  if (failure) throw new Error(failure);
}
