import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { promisify } from 'node:util';

/**
 * A program a test needs that the machine may not have (Debian's chromium, prometheus): found where
 * Debian puts it, else installed with apt-get when the run may (root, apt-get present), else the test
 * fails saying what is missing and how to get it. Never a silent skip.
 */

const run = promisify(execFile);
/** apt-get waits this long for another install (a parallel run) to let go of dpkg's lock. */
const APT_LOCK_SECONDS = 600;
const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

let updated: Promise<unknown> | undefined;

/** `binary` (an absolute path), installing Debian's `pkg` first when it is not there. */
export async function findOrInstall(pkg: string, binary: string): Promise<string> {
  if (executable(binary)) return binary;
  const canInstall = process.getuid?.() === 0 && executable('/usr/bin/apt-get');
  if (!canInstall) {
    throw new Error(
      `${binary} is not installed and this run cannot install it (needs root and apt-get): run \`apt-get install ${pkg}\``,
    );
  }
  process.stderr.write(`installing Debian's ${pkg} for the tests that need ${binary}...\n`);
  const lock = ['-o', `DPkg::Lock::Timeout=${APT_LOCK_SECONDS}`];
  try {
    updated ??= run('apt-get', ['-qq', ...lock, 'update'], { env: APT_ENV });
    await updated;
    await run('apt-get', ['-y', '-qq', ...lock, 'install', pkg], { env: APT_ENV, maxBuffer: 64 << 20 });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`apt-get could not install ${pkg}: ${stderr?.trim() || String(error)}`);
  }
  if (!executable(binary)) throw new Error(`apt-get installed ${pkg} but ${binary} is still missing`);
  return binary;
}

/** How long a test's beforeAll should allow for findOrInstall: an update and a large package. */
export const INSTALL_TIMEOUT_MS = 15 * 60_000;
