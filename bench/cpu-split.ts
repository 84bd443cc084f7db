import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Per-process CPU time from Linux /proc, grouped by role (the benchmark itself, the hub, each bank,
 * Postgres, Kafka) so a phase can say where the machine's cores went. Read-only: it never signals anything.
 */
export interface CpuSnapshot {
  at: number;
  /** pid → [group, ticks of user + system time] */
  ticks: Map<number, [string, number]>;
  /** Busy and total ticks of the whole machine, from /proc/stat. */
  machineBusy: number;
  machineTotal: number;
}

/** Share of one core, in percent (200 = both cores of a 2-core machine), per group. */
export type CpuSplit = Record<string, number>;

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
  cmdline: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const rest = stat.slice(close + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return { pid, ppid: Number(rest[1]), comm, ticks, cmdline };
  } catch {
    return undefined; // gone in between
  }
}

/**
 * `roots` names the processes this benchmark started (their descendants count with them); Postgres is
 * recognised by its process name and Kafka by its main class.
 */
export function cpuSnapshot(roots: Map<number, string>): CpuSnapshot {
  const procs = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((p): p is Proc => p !== undefined);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  // The local Postgres and Kafka are children of this process: named by what they are, not by parent.
  // Other engineers' brokers and databases on the same machine count as `other`.
  const groupOf = (p: Proc): string | undefined => {
    for (let cur: Proc | undefined = p, hops = 0; cur && hops < 20; cur = byPid.get(cur.ppid), hops++) {
      const root = roots.get(cur.pid);
      if (!root) continue;
      if (p.comm === 'postgres' || p.comm === 'postmaster') return 'postgres';
      if (p.cmdline.includes('kafka.Kafka')) return 'kafka';
      return root;
    }
    return undefined;
  };
  const ticks = new Map<number, [string, number]>();
  for (const p of procs) {
    // Anything else busy on the machine is named by its command, so interference shows.
    const group = groupOf(p) ?? `other: ${p.comm}`;
    ticks.set(p.pid, [group, p.ticks]);
  }
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal; guest is inside user
  const idle = cpu[3] + (cpu[4] ?? 0); // idle + iowait
  return { at: Date.now(), ticks, machineBusy: total - idle, machineTotal: total };
}

/** CPU used between two snapshots, per group, the busiest other commands, the rest, and `idle`. */
export function cpuSplit(before: CpuSnapshot, after: CpuSnapshot): CpuSplit {
  const seconds = (after.at - before.at) / 1000;
  const cores = (after.machineTotal - before.machineTotal) / CLK_TCK / seconds;
  const used: Record<string, number> = {};
  for (const [pid, [group, t]] of after.ticks) {
    const start = before.ticks.get(pid)?.[1] ?? 0;
    used[group] = (used[group] ?? 0) + (t - start);
  }
  const percent = (t: number) => Math.round((t / CLK_TCK / seconds) * 1000) / 10;
  const split: CpuSplit = {};
  let counted = 0;
  const others: [string, number][] = [];
  for (const group of Object.keys(used).sort()) {
    if (group.startsWith('other: ')) {
      if (used[group] > 0) others.push([group, used[group]]);
      continue;
    }
    split[group] = percent(used[group]);
    counted += used[group];
  }
  // The busiest other commands by name, the rest (and kernel time no process is charged with) together.
  others.sort((a, b) => b[1] - a[1]);
  for (const [group, t] of others.slice(0, 3)) {
    if (percent(t) < 2) break;
    split[group] = percent(t);
    counted += t;
  }
  const busy = after.machineBusy - before.machineBusy;
  split['other (rest, kernel)'] = Math.max(0, percent(busy - counted));
  split.idle = Math.max(0, Math.round(cores * 1000) / 10 - percent(busy));
  return split;
}

export function formatSplit(split: CpuSplit): string {
  return Object.entries(split)
    .map(([group, pct]) => `${group} ${pct.toFixed(0)}%`)
    .join(', ');
}

/**
 * What the machine was already busy with before a benchmark starts, over three quiet seconds: other
 * work on the machine skews every figure, so it is said rather than hidden.
 */
export async function busyBeforeStart(): Promise<CpuSplit> {
  const before = cpuSnapshot(new Map());
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return cpuSplit(before, cpuSnapshot(new Map()));
}
