import { Stack } from '../stack/stack';

/**
 * The stack as the transfer benchmarks run it: Postgres and Kafka from DATABASE_URL / KAFKA_BROKERS when
 * set, else local ones; the processes' warnings on the screen; a CPU profile of each with
 * BENCH_CPU_PROF=<dir>. `runBanks: false` registers the banks without running them, for a load
 * generator that plays them itself.
 */
export function benchStack(opts: { hubWorkers: number; partitions: number; runBanks?: boolean }): Stack {
  const brokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean);
  return new Stack({
    name: 'bench',
    databaseUrl: process.env.DATABASE_URL || undefined,
    kafkaBrokers: brokers?.length ? brokers : undefined,
    partitions: opts.partitions,
    hubWorkers: opts.hubWorkers,
    runBanks: opts.runBanks,
    logLevel: process.env.LOG_LEVEL,
    echoLogs: true,
    cpuProfileDir: process.env.BENCH_CPU_PROF,
  });
}
