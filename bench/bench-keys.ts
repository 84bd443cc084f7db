import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrate } from '../lib/persistence/migrate';
import { channelCredentials } from '../lib/security/client-credentials';
import {
  ensureIdentity,
  type LoadedIdentity,
  loadAuthority,
  pkiLayout,
} from '../lib/security/identity-files';
import { FindPixKeyRequest, PixKey, PixKeyServiceClient } from '../src/gen/codepix/v1/pix_key';
import { loadConfig } from '../src/infrastructure/config/config';
import { startEmbeddedPostgres } from '../src/infrastructure/local/embedded-postgres';
import { freePort } from '../src/infrastructure/local/free-port';
import { createDataSource } from '../src/infrastructure/persistence/data-source';
import { provisionLocalPki } from '../src/infrastructure/security/provision';
import { H2GrpcClient } from './h2-grpc-client';
import { closedLoop, machine } from './load';
import { FIND_PIX_KEY } from './reference-grpc';
import { lookupRatios } from './reference-ratios';
import { measureReferences, verdict } from './references';
import { seededKey, seedKeys } from './seed-keys';

/**
 * FindPixKey over gRPC against a hub (a separate `codepix serve` process) holding 100,000 keys.
 * Targets: 20,000 lookups/s with p99 ≤ 5 ms, and at least 80 % of the rate of a grpc-js server that
 * answers a constant reply, measured in the same run under the same load (references.ts).
 */
const KEYS = Number(process.env.BENCH_KEYS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const ISPB = '99990000';
const TARGET = { perSecond: 20_000, p99Ms: 5, ofConstantServer: 0.8 };
/**
 * The calling bank's lookup bucket: a category of the benchmark's own, so large the limiter never
 * refuses, but leased at most LEASE_MAX tokens at a time as a category-A bank's is: every lookup pays
 * the limiter's real cost, one shared-bucket write per thousand lookups.
 */
const CATEGORY = { name: 'Z', capacity: 1_000_000_000, refillPerMinute: 1_000_000_000 };
const LEASE_MAX = 1_000;

async function freshDatabase(serverUrl: string): Promise<string> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  const name = `bench_keys_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function setLookupCategory(databaseUrl: string, ispb: string, category: string): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('UPDATE banks SET lookup_category = $2 WHERE ispb = $1', [ispb, category]);
  await db.end();
}

async function startHubProcess(
  databaseUrl: string,
  port: number,
  pkiDir: string,
  caller: LoadedIdentity | undefined,
): Promise<ChildProcess> {
  const cli = path.resolve(__dirname, '../cmd/codepix.js');
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--port', String(port), '--metrics-port', '0', '--workers', String(WORKERS)],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        CODEPIX_PKI: pkiDir,
        LOG_LEVEL: 'warn',
        LOOKUP_CATEGORIES: `${CATEGORY.name}=${CATEGORY.capacity}/${CATEGORY.refillPerMinute}`,
        LOOKUP_LEASE_MAX: String(LEASE_MAX),
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const client = new PixKeyServiceClient(`127.0.0.1:${port}`, channelCredentials(caller));
  await new Promise<void>((resolve, reject) =>
    client.waitForReady(Date.now() + 30_000, (err) => (err ? reject(err) : resolve())),
  );
  client.close();
  return child;
}

/** The authority and the hub's identity, and the seeded bank's, issued straight from the authority. */
async function benchBankIdentity(pkiDir: string): Promise<LoadedIdentity> {
  await provisionLocalPki(pkiDir);
  const layout = pkiLayout(pkiDir);
  return ensureIdentity(loadAuthority(layout.authority), layout.bank(ISPB), { role: 'bank', name: ISPB });
}

async function main() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'codepix-bench-'));
  fs.chmodSync(home, 0o755);
  const pg = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres({ dataDir: path.join(home, 'postgres') });
  let hub: ChildProcess | undefined;
  try {
    const databaseUrl = await freshDatabase(pg.url);
    const ds = await createDataSource(databaseUrl, 2).initialize();
    await migrate(ds);
    await ds.destroy();
    const seedStart = Date.now();
    await seedKeys(databaseUrl, KEYS, ISPB);
    await setLookupCategory(databaseUrl, ISPB, CATEGORY.name);
    console.log(`seeded ${KEYS} keys in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    // Security on (CODEPIX_SECURITY, the default): mTLS, the load generator calling as the seeded bank.
    const pkiDir = path.join(home, 'pki');
    const secure = loadConfig().security.enabled;
    const caller = secure ? await benchBankIdentity(pkiDir) : undefined;
    const port = await freePort();
    hub = await startHubProcess(databaseUrl, port, pkiDir, caller);
    // Several connections, so that every hub worker gets its share (cluster balances connections, not calls).
    const clients = Array.from({ length: WORKERS * 2 }, () => new H2GrpcClient(`127.0.0.1:${port}`, caller));
    const client = clients[0];
    const requests = Array.from({ length: KEYS }, (_, i) =>
      FindPixKeyRequest.encode({ ispb: ISPB, key: seededKey(i) }).finish(),
    );
    const sample = PixKey.decode(await client.unary(FIND_PIX_KEY, requests[42]));
    if (sample.key !== seededKey(42) || sample.ispb !== ISPB)
      throw new Error(`wrong lookup answer: ${sample.key}`);
    // Request i asks for key (i * 7919) mod KEYS, a permutation: every key once per KEYS requests, and
    // always over the same connection (KEYS is a multiple of the connection count), so the same worker.
    const request = (i: number) => requests[(i * 7919) % KEYS];
    const find = (i: number) => clients[i % clients.length].unary(FIND_PIX_KEY, request(i));
    // First pass: each key once, so every lookup goes to the database (and fills that worker's cache).
    const cold = await closedLoop({
      concurrency: CONCURRENCY,
      durationMs: 600_000,
      total: KEYS,
      request: find,
      log: console.log,
    });
    const result = await closedLoop({
      concurrency: CONCURRENCY,
      durationMs: SECONDS * 1000,
      request: find,
      log: console.log,
    });
    for (const c of clients) c.close();
    // The same load, the same connections and credentials, against a server that only answers.
    const references = await measureReferences(
      {
        postgresUrl: pg.url,
        grpc: {
          pkiDir,
          caller,
          workers: WORKERS,
          concurrency: CONCURRENCY,
          connections: clients.length,
          request,
        },
      },
      secure,
      console.log,
    );
    const compared = lookupRatios(result, references);
    const met = {
      perSecond: result.perSecond >= TARGET.perSecond,
      p99Ms: result.p99Ms <= TARGET.p99Ms,
      ofConstantServer: (compared.ratios.rateOfConstantServer ?? 0) >= TARGET.ofConstantServer,
    };

    const report = {
      benchmark: 'FindPixKey over gRPC',
      date: new Date().toISOString(),
      machine: machine(),
      keys: KEYS,
      concurrency: CONCURRENCY,
      security: secure ? 'on (mTLS)' : 'off',
      ...result,
      firstLookups: cold,
      lookupBucket: { ispb: ISPB, category: CATEGORY.name, capacity: CATEGORY.capacity, leaseMax: LEASE_MAX },
      target: TARGET,
      references,
      ratios: compared.ratios,
      met,
    };
    console.log(
      `first lookup of each key (database): ${Math.round(cold.perSecond)} lookups/s, ` +
        `p50 ${cold.p50Ms.toFixed(2)} ms, p99 ${cold.p99Ms.toFixed(2)} ms, errors ${cold.errors}`,
    );
    console.log(
      `FindPixKey, directory cached: ${Math.round(result.perSecond)} lookups/s, p50 ${result.p50Ms.toFixed(2)} ms, ` +
        `p99 ${result.p99Ms.toFixed(2)} ms, errors ${result.errors} ` +
        `(${KEYS} keys, ${CONCURRENCY} in flight, ${SECONDS} s, security ${report.security}; target 20000/s, p99 ≤ 5 ms)`,
    );
    console.log(
      `lookups charged to bank ${ISPB}, category ${CATEGORY.name} (bucket ${CATEGORY.capacity}, ` +
        `refill ${CATEGORY.refillPerMinute}/min, leased ${LEASE_MAX} tokens at a time): limited, never refused`,
    );
    for (const line of compared.lines) console.log(line);
    console.log(
      `verdicts: ${TARGET.perSecond}/s: ${verdict(met.perSecond)}; p99 ≤ ${TARGET.p99Ms} ms: ${verdict(met.p99Ms)}; ` +
        `≥ ${TARGET.ofConstantServer * 100} % of the constant-reply server: ${verdict(met.ofConstantServer)}`,
    );
    console.log(
      `machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGiB} GiB, node ${report.machine.node}`,
    );
    const out = path.resolve(__dirname, '../../bench/results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'keys.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    if (hub && hub.exitCode === null) {
      const exited = new Promise((resolve) => hub?.once('exit', resolve));
      hub.kill('SIGTERM');
      await exited; // the hub lets go of Postgres before Postgres goes
    }
    await pg.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
