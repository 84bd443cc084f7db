import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_PAYER } from '../../cmd/demo-data';
import { buildCliOnce, finished, parseJson, processesMentioning, type Run, run, start } from '../support/cli';

/**
 * `codepix dev up` as a person meets it in a terminal: the built CLI with nothing configured, in a
 * process group of its own that Ctrl-C signals whole, as a terminal does.
 */

const homes: string[] = [];
function freshHome(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'codepix-dev-up-'));
  // mkdtemp makes it 0700; the embedded Postgres runs as another user when we are root.
  chmodSync(home, 0o755);
  homes.push(home);
  return home;
}

beforeAll(() => buildCliOnce(), 120_000);
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** Nothing set but the data dir; any free hub and bank ports, so parallel runs never collide. */
const env = (home: string) => ({
  DATABASE_URL: undefined,
  KAFKA_BROKERS: undefined,
  GRPC_HOST: undefined,
  CODEPIX_HOME: home,
});

interface Started {
  child: ChildProcess;
  done: Promise<Run>;
  /** stdout so far. */
  screen(): string;
  /** The banner's `label  value` lines. */
  banner: Record<string, string>;
}

/** Starts `dev up` in its own process group and resolves once the banner says the stack is up. */
async function devUp(home: string): Promise<Started> {
  const child = start(['dev', 'up', '--port', '0', '--banks-port-base', '0'], env(home), { detached: true });
  let stdout = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  running.add(child);
  const done = finished(child);
  const deadline = Date.now() + 150_000;
  while (!stdout.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const result = await done;
      throw new Error(`dev up did not come up (exit ${result.code}):\n${stdout}\n${result.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // The block of addresses right under "CodePix is up.", before the table of customers.
  const addresses = stdout.split('CodePix is up.\n\n')[1].split('\n\n')[0];
  const banner = Object.fromEntries(
    addresses.split('\n').flatMap((line) => {
      const [, label, value] = /^(\S.*?) {2,}(\S.*)$/.exec(line) ?? [];
      return label ? [[label, value]] : [];
    }),
  );
  return { child, done, screen: () => stdout, banner };
}

/** Ctrl-C in the terminal: SIGINT to every process of the group. */
const ctrlC = (child: ChildProcess) => process.kill(-(child.pid as number), 'SIGINT');

const logLines = (home: string) =>
  readFileSync(path.join(home, 'dev.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => parseJson(line) ?? { level: 'unparsable', msg: line });

/** The local address a TCP port listens on, from /proc/net/tcp (hex, 0100007F is 127.0.0.1). */
function listeningAddress(port: number): string | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (state === '0A' && local?.endsWith(`:${hexPort}`)) {
      const hex = local.split(':')[0];
      return [3, 2, 1, 0].map((i) => Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
    }
  }
  return undefined;
}

/** A failed test must not leave a stack running: the whole group goes, Postgres and Kafka included. */
const running = new Set<ChildProcess>();
afterEach(async () => {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) {
      ctrlC(child);
      await finished(child).catch(() => undefined);
    }
  }
  running.clear();
});

describe('codepix dev up in a terminal', () => {
  it('starts with no warning or error, listens on the loopback, and stops in order on Ctrl-C', async () => {
    const home = freshHome();
    const up = await devUp(home);
    // The screen is for a person: progress, the banner; the JSON log is in the data dir.
    expect(up.screen()).toMatch(/^Starting CodePix \(data in .+; log in .+dev\.log\)\n/);
    expect(
      up
        .screen()
        .split('\n')
        .filter((line) => line.startsWith('{')),
    ).toEqual([]);
    const hubPort = Number(up.banner['hub (gRPC)'].split(':').pop());
    const bankPorts = ['Banco Azul', 'Banco Verde', 'Banco Roxo'].map((bank) =>
      Number(/:(\d+)/.exec(up.banner[bank])?.[1]),
    );
    for (const port of [hubPort, ...bankPorts]) expect(listeningAddress(port)).toBe('127.0.0.1');
    // The console, behind the operator token this home now keeps.
    const [consoleUrl, consoleLogin] = up.banner['hub console'].split(/ {2,}/);
    expect(consoleLogin).toBe(`(log in with the operator token in ${path.join(home, 'operator-token')})`);
    expect(listeningAddress(Number(new URL(consoleUrl).port))).toBe('127.0.0.1');
    expect((await fetch(new URL('/api/banks', consoleUrl))).status).toBe(401);
    const token = readFileSync(path.join(home, 'operator-token'), 'utf8').trim();
    const banks = await fetch(new URL('/api/banks', consoleUrl), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await banks.json()) as { banks: unknown[] }).banks).toHaveLength(3);
    // The banner says how a customer logs in, and they can: the seed gave them the demo password.
    expect(up.screen()).toContain(`the password ${DEMO_PASSWORD}`);
    expect(up.banner['operator token']).toContain(path.join(home, 'operator-token'));
    const login = await fetch(`http://127.0.0.1:${bankPorts[0]}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ taxId: DEMO_PAYER.ownerTaxId, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const infrastructure = processesMentioning(home);
    expect(infrastructure.length).toBeGreaterThanOrEqual(2);

    // A second dev up on the same data dir is refused at once, in one line, starting nothing.
    const startedAt = Date.now();
    const second = await run(['dev', 'up', '--port', '0', '--banks-port-base', '0'], env(home));
    expect(second).toMatchObject({ code: 1, stdout: '' });
    expect(second.stderr).toMatch(
      new RegExp(
        `^error: codepix dev up is already running with this data dir \\(pid ${up.child.pid}, [^\\n]+\\n$`,
      ),
    );
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(processesMentioning(home)).toEqual(infrastructure);
    expect(logLines(home).some((l) => l.msg === 'hub listening')).toBe(true);

    ctrlC(up.child);
    const result = await up.done;
    expect(result.code).toBe(0);
    expect(up.screen()).toMatch(/Stopping \(Ctrl-C again to force\)\.\.\.\nStopped\.\n$/);
    // Nothing on the screen but the above: not one warning or error, from start to stop.
    expect(result.stderr).toBe('');
    const lines = logLines(home);
    expect(lines.filter((l) => l.level !== 'info' && l.level !== 'debug')).toEqual([]);
    // Doors and drains first, Kafka and Postgres last.
    const at = (msg: string) => lines.findIndex((l) => l.msg === msg);
    const apps = ['hub', 'bank 11111111', 'bank 22222222', 'bank 33333333'].map((p) => at(`${p} stopped`));
    for (const stopped of apps) expect(stopped).toBeGreaterThan(-1);
    expect(at('local infrastructure stopped')).toBeGreaterThan(Math.max(...apps));
    expect(processesMentioning(home)).toEqual([]);
  }, 240_000);

  it('refuses at once, naming it, a hub or bank port another program holds', async () => {
    const home = freshHome();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as AddressInfo).port;
    try {
      const result = await run(['dev', 'up', '--port', String(port), '--banks-port-base', '0'], env(home));
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr:
          `error: port ${port} (the hub's gRPC) already in use on 127.0.0.1, by another program or another ` +
          'codepix dev up: stop it, or choose other ports with --port\n',
      });
      expect(processesMentioning(home)).toEqual([]);
    } finally {
      squatter.close();
    }
  }, 30_000);

  it('keeps the Postgres and Kafka addresses from one start to the next', async () => {
    const home = freshHome();
    const addresses = async () => {
      const up = await devUp(home);
      ctrlC(up.child);
      expect((await up.done).code).toBe(0);
      return { databaseUrl: up.banner.DATABASE_URL, kafkaBrokers: up.banner.KAFKA_BROKERS };
    };
    const first = await addresses();
    expect(first.databaseUrl).toMatch(/^postgres:\/\/.+@127\.0\.0\.1:\d+\/codepix$/);
    expect(first.kafkaBrokers).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await addresses()).toEqual(first);
  }, 300_000);
});
