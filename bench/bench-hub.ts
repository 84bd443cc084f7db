import fs from 'node:fs';
import path from 'node:path';
import { topicNames } from '../lib/messaging/topics';
import { createLogger } from '../lib/observability/logger';
import { benchStack, processGroups, referenceTargets } from './bench-stack';
import { busyBeforeStart, formatSplit } from './cpu-split';
import { type Figure, figuresTable } from './figures-table';
import {
  describeHubThroughput,
  type HubPhaseContext,
  hubLatencyPhase,
  hubThroughputPhase,
} from './hub-phases';
import { completedRows, registerKeys } from './hub-setup';
import { KafkaBanks, type PlayedBank } from './kafka-banks';
import { machine } from './load';
import { Observer } from './observer';
import { transferRatios } from './reference-ratios';
import { measureReferences, verdict } from './references';

/**
 * The hub alone: Postgres, Kafka and one `codepix serve`, with the three banks registered, enrolled,
 * funded and holding creditor keys, played on Kafka by a lean load generator with no bank database
 * (kafka-banks.ts). Target: 5,000 completed transfers/s on one 2-core machine, about 30,000 Kafka
 * messages/s in and out, half of what raw kafkajs produces there.
 */
const env = process.env;
const settings = {
  seconds: Number(env.BENCH_SECONDS ?? 60),
  concurrency: Number(env.BENCH_CONCURRENCY ?? 1000),
  warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 5),
  /** Unset: half the rate phase 1 reached, so that latency is measured below capacity, not in a queue. */
  rate: env.BENCH_RATE ? Number(env.BENCH_RATE) : undefined,
  latencySeconds: Number(env.BENCH_LATENCY_SECONDS ?? 20),
  keysPerBank: Number(env.BENCH_ACCOUNTS ?? 100),
  partitions: Number(env.KAFKA_PARTITIONS ?? 4),
};
const TARGET = { completedPerSecond: 5000 };
const DRAIN_TIMEOUT_MS = 120_000;
const log = (line: string) => console.log(line);
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main() {
  // One hub process: the hub's own figure, not a cluster's.
  const stack = benchStack({ hubWorkers: 1, partitions: settings.partitions, runBanks: false });
  const onSignal = (signal: NodeJS.Signals) => {
    log(`\n${signal}: stopping everything`);
    void stack.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let banks: KafkaBanks | undefined;
  let observer: Observer | undefined;
  try {
    const busyBefore = await busyBeforeStart();
    log(`machine before the start (100% = one core): ${formatSplit(busyBefore)}`);
    const setupStart = Date.now();
    await stack.start();
    for (const { ispb } of stack.participants) await stack.fund(ispb, 10_000_000_000_000n);
    const played: PlayedBank[] = [];
    for (const { ispb } of stack.participants) {
      played.push({
        ispb,
        identity: stack.identities.bank(ispb),
        keys: await registerKeys(stack, ispb, settings.keysPerBank),
      });
    }
    log(
      `hub up in ${((Date.now() - setupStart) / 1000).toFixed(1)} s: ${stack.hubAddress}, ${settings.partitions} partitions, ` +
        `banks ${stack.participants.map((b) => b.ispb).join(', ')} registered, funded, ${settings.keysPerBank} creditor keys each; ` +
        `security ${stack.security ? 'on' : 'off'}`,
    );

    const references = await measureReferences(referenceTargets(stack), stack.security, log);

    const logger = createLogger('warn', 'bench-hub');
    banks = await KafkaBanks.start({
      brokers: stack.kafkaBrokers,
      topics: topicNames(stack.topicPrefix),
      banks: played,
      logger,
    });
    observer = await Observer.connect(stack.hubDatabaseUrl, []);
    const ctx: HubPhaseContext = {
      banks,
      observer,
      processGroups: () => processGroups(stack),
      stored: { total: 0 },
      heard: { completed: 0 },
      drainTimeoutMs: DRAIN_TIMEOUT_MS,
      log,
    };

    log(`\nwarm-up: ${settings.warmupSeconds} s at ${settings.concurrency} in flight`);
    const warmup = await hubThroughputPhase(ctx, settings.concurrency, settings.warmupSeconds);
    log(`  ${describeHubThroughput(warmup)}`);
    log(`\nphase 1, throughput: ${settings.concurrency} in flight for ${settings.seconds} s (closed loop)`);
    const throughput = await hubThroughputPhase(ctx, settings.concurrency, settings.seconds);
    log(`  ${describeHubThroughput(throughput)}`);
    const rate = settings.rate ?? Math.max(50, Math.floor(throughput.completedPerSecond / 100) * 50);
    const why = settings.rate ? 'BENCH_RATE' : "half of phase 1's rate";
    log(
      `\nphase 2, latency: ${rate} transfers/s offered (${why}) for ${settings.latencySeconds} s (open loop)`,
    );
    const latency = await hubLatencyPhase(ctx, rate, settings.latencySeconds);
    log(
      `  done; drained in ${latency.drainSeconds ?? 'NOT DRAINED'} s\n      CPU: ${formatSplit(latency.cpu)}`,
    );

    const atHub = await completedRows(stack.hubDatabaseUrl);
    const crossCheck = {
      heardCompleted: ctx.heard.completed,
      completedRowsAtHub: atHub,
      match: atHub === ctx.heard.completed,
    };
    const throughputMet = throughput.completedPerSecond >= TARGET.completedPerSecond;
    // Throughput from phase 1, latency from phase 2, as the targets are stated.
    const ratios = transferRatios(throughput.completedPerSecond, latency, references);
    const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
    const rows: Figure[] = [
      [
        'completed transfers/s (heard by the banks)',
        throughput.completedPerSecond.toFixed(0),
        `≥ ${TARGET.completedPerSecond}: ${verdict(throughputMet)}`,
      ],
      [
        "  by the hub's clock, in the window",
        throughput.completedAtHubPerSecond.toFixed(0),
        `${throughput.completedAtHub} completed in ${throughput.seconds} s`,
      ],
      [
        '  rejected / unanswered',
        `${sum(throughput.rejected)} / ${throughput.unanswered}`,
        JSON.stringify(throughput.rejected),
      ],
      [
        '  heard p50 / p99 (request → ack sent)',
        `${ms(throughput.p50Ms)} / ${ms(throughput.p99Ms)}`,
        `${throughput.concurrency} in flight`,
      ],
      [
        `latency at ${rate}/s offered: p50`,
        ms(latency.p50Ms),
        `${latency.sent} sent in ${latency.seconds.toFixed(1)} s, ${latency.skipped} not sent`,
      ],
      ['  p90', ms(latency.p90Ms), ''],
      ['  p99 (request → completed at the hub)', ms(latency.p99Ms), ''],
      ['  max', ms(latency.maxMs), ''],
      ['  heard p50 / p99', `${ms(latency.heardP50Ms)} / ${ms(latency.heardP99Ms)}`, ''],
      [
        '  completed',
        `${latency.completed} / ${latency.sent}`,
        `rejected ${JSON.stringify(latency.rejected)}, unanswered ${latency.unanswered}`,
      ],
      [
        'completed: heard by the banks / rows at the hub',
        `${crossCheck.heardCompleted} / ${crossCheck.completedRowsAtHub}`,
        crossCheck.match ? 'match' : 'MISMATCH',
      ],
    ];
    log(`\n${figuresTable(rows)}\n`);
    log('beside the references (throughput of phase 1, latency of phase 2):');
    for (const line of ratios.lines) log(`  ${line}`);
    log(`CPU during phase 1 (100% = one core): ${formatSplit(throughput.cpu)}`);
    const m = machine();
    log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}`);

    const report = {
      benchmark: 'the hub alone (banks played on Kafka, no bank database)',
      date: new Date().toISOString(),
      machine: m,
      settings: {
        ...settings,
        security: stack.security ? 'on (mTLS, signed messages)' : 'off',
        hubWorkers: 1,
      },
      machineBusyBeforeStart: busyBefore,
      references,
      targets: {
        completedPerSecond: {
          target: TARGET.completedPerSecond,
          measured: throughput.completedPerSecond,
          met: throughputMet,
        },
      },
      ratios: ratios.ratios,
      crossCheck,
      throughput,
      latency,
      warmup,
      strayNotices: banks.stray.count,
      unreadableNotices: banks.unreadable,
    };
    const out = path.resolve(__dirname, '../../bench/results');
    fs.mkdirSync(out, { recursive: true });
    const file = path.join(out, `hub-${report.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nresults written to ${path.relative(process.cwd(), file)}`);
  } finally {
    await banks?.stop().catch(() => undefined);
    await observer?.close().catch(() => undefined);
    await stack.stop();
  }
}

// Everything is stopped by then; a handle some client library leaves open must not keep the run alive.
main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
