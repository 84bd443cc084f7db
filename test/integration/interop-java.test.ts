import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { AccountType, KeyKind } from '../../src/gen/codepix/v1/common';
import { call, callError } from '../support/grpc-call';
import { startTestHub, type TestHub } from '../support/test-hub';
import { bankIdentity, testPki } from '../support/test-identities';

/**
 * The acceptance criterion: a gRPC client made from proto/ by another language's toolchain
 * works against the server. interop/java generates Java stubs from proto/ with protoc and
 * protoc-gen-grpc-java at build time; this test builds it, runs it against a real hub and then checks
 * from the TypeScript side that what the Java client did really happened.
 *
 * Needs a JDK (17+) and Maven (3.8+) on PATH and, for the first build, Maven Central. Without them
 * the test fails rather than skips, so a missing toolchain cannot pass for a green run.
 */

const ROOT = path.resolve(__dirname, '../..');
const JAVA_PROJECT = path.join(ROOT, 'interop/java');
const POM = path.join(JAVA_PROJECT, 'pom.xml');
const JAR = path.join(JAVA_PROJECT, 'target/codepix-interop.jar');
const BUILD_TIMEOUT_MS = 10 * 60_000; // the first build downloads protoc, grpc-java and plugins
const RUN_TIMEOUT_MS = 60_000;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command without blocking the event loop: the hub under test lives in this process, so a
 * synchronous spawn would stop it from answering the very client it is waiting on.
 */
function run(command: string, args: string[], timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `'${command}' is not on PATH. The Java interop test needs a JDK 17+ ('java') and Maven 3.8+ ('mvn'); install them, it does not skip without them.`,
            )
          : error,
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const describeOutcome = (what: string, o: Outcome) =>
  `${what} exited with ${o.signal ?? o.code}\n--- stdout ---\n${o.stdout}\n--- stderr ---\n${o.stderr}`;

/** The newest modification time of a file under `dir` (or of `dir` itself if it is a file). */
function newestMtime(dir: string): number {
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(dir)
    .reduce((newest, entry) => Math.max(newest, newestMtime(path.join(dir, entry))), stat.mtimeMs);
}

function jarIsFresh(): boolean {
  if (!fs.existsSync(JAR)) return false;
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'proto')),
    newestMtime(path.join(JAVA_PROJECT, 'src')),
    newestMtime(POM),
  );
  return fs.statSync(JAR).mtimeMs > sources;
}

async function buildJar(): Promise<void> {
  // Checked first, even when the jar is fresh, so a missing toolchain is reported as such.
  await run('java', ['-version'], RUN_TIMEOUT_MS);
  await run('mvn', ['-v'], RUN_TIMEOUT_MS);
  if (jarIsFresh()) return;
  const build = await run('mvn', ['-q', '-B', '-Dstyle.color=never', '-f', POM, 'package'], BUILD_TIMEOUT_MS);
  if (build.code !== 0 || !fs.existsSync(JAR)) throw new Error(describeOutcome('mvn package', build));
}

let t: TestHub;
const ISPB = String(randomInt(10_000_000, 100_000_000));
let java: Outcome;

beforeAll(async () => {
  await buildJar();
  t = await startTestHub('interop_java');
}, BUILD_TIMEOUT_MS + 60_000);
afterAll(() => t?.stop());

it(
  'the Java client generated from proto/ passes every check against the hub',
  async () => {
    // Identity folders as the CLI writes them, both from the run's authority: the operator's and the bank's.
    const bank = await bankIdentity(ISPB);
    java = await run(
      'java',
      ['-jar', JAR, t.address, ISPB, testPki().operator, path.dirname(bank.paths.cert)],
      RUN_TIMEOUT_MS,
    );
    const email = `interop.${ISPB}@example.com`;
    if (java.code !== 0) throw new Error(describeOutcome('the Java client', java));
    const lines = java.stdout.trim().split('\n');
    expect(lines).toEqual([
      `ok RegisterBank ispb=${ISPB} active=true`,
      `ok RegisterPixKey email key=${email}`,
      expect.stringMatching(
        /^ok RegisterPixKey evp key=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      expect.stringMatching(
        new RegExp(
          `^ok FindPixKey bank_name="Banco Interop Java ${ISPB}" owner_tax_id_masked=\\*\\*\\*\\.\\d{3}\\.\\d{3}-\\*\\* account_type=ACCOUNT_TYPE_CACC$`,
        ),
      ),
      'ok ListPixKeys count=2',
      `ok DeletePixKey key=${email}`,
      'ok FindPixKey after delete status=NOT_FOUND',
      'ok RegisterPixKey invalid cpf status=INVALID_ARGUMENT codepix-field=key',
      `PASS all checks against ${t.address}`,
    ]);
  },
  RUN_TIMEOUT_MS + 10_000,
);

it('what the Java client did is visible from the TypeScript client', async () => {
  expect(java?.code).toBe(0); // needs the run above
  const evp = /^ok RegisterPixKey evp key=(\S+)$/m.exec(java.stdout)?.[1] ?? '';

  const { banks } = await call(t.banks, t.banks.listBanks, {});
  expect(banks.find((b) => b.ispb === ISPB)).toMatchObject({
    name: `Banco Interop Java ${ISPB}`,
    active: true,
  });

  expect(await call(t.keys, t.keys.findPixKey, { ispb: ISPB, key: evp })).toMatchObject({
    key: evp,
    kind: KeyKind.KEY_KIND_EVP,
    ownerName: 'Joana Interop',
    ownerTaxIdMasked: expect.stringMatching(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/),
    ispb: ISPB,
    bankName: `Banco Interop Java ${ISPB}`,
    branch: '0001',
    accountNumber: '123456',
    accountType: AccountType.ACCOUNT_TYPE_CACC,
  });

  const deleted = await callError(t.keys, t.keys.findPixKey, {
    ispb: ISPB,
    key: `interop.${ISPB}@example.com`,
  });
  expect(deleted.code).toBe(status.NOT_FOUND);

  const { keys } = await call(t.keys, t.keys.listPixKeys, {
    ispb: ISPB,
    branch: '0001',
    accountNumber: '123456',
  });
  expect(keys.map((k) => k.key)).toEqual([evp]);
});
