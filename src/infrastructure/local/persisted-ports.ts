import fs from 'node:fs';
import net from 'node:net';
import type { Logger } from '../../../lib/observability/logger';
import { freePort } from './free-port';

/** Kept ports are drawn from here, below the kernel's ephemeral range (see keepablePort). */
const KEPT_PORT_MIN = 20_000;
const KEPT_PORT_TRIES_MAX = 50;

/** The first port the kernel hands to outgoing connections (Linux; 32768 elsewhere, its default). */
function ephemeralPortMin(): number {
  try {
    const low = Number(
      fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
    if (Number.isInteger(low) && low > KEPT_PORT_MIN) return low;
  } catch {
    // no /proc: assume the usual range
  }
  return 32_768;
}

/**
 * A free port to keep across starts. Not from the ephemeral range: any outgoing connection on the
 * machine may be given one of those as its own end, and would then hold our port when we start again.
 * Falls back to any free port when none below the range is free after a few tries.
 */
async function keepablePort(taken: readonly number[]): Promise<number> {
  const span = ephemeralPortMin() - KEPT_PORT_MIN;
  for (let tries = 0; tries < KEPT_PORT_TRIES_MAX; tries++) {
    const port = KEPT_PORT_MIN + Math.floor(Math.random() * span);
    if (!taken.includes(port) && (await isPortFree(port))) return port;
  }
  let port = await freePort();
  while (taken.includes(port)) port = await freePort();
  return port;
}

/** Whether `port` of `host` can be listened on (127.0.0.1, where the local servers listen). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * The ports a local server listens on, chosen free on its data dir's first start and kept in `file`
 * (JSON, by name), so a DATABASE_URL or KAFKA_BROKERS copied from one run still works in the next.
 * A kept port that something else has taken since is replaced, with a warning naming both. `fixed`
 * ports are used as given (a restart that must keep its address).
 */
export async function persistedPorts<Name extends string>(opts: {
  file: string;
  names: readonly Name[];
  /** Who listens, for the warning: `Kafka`, `Postgres`. */
  what: string;
  fixed?: Partial<Record<Name, number>>;
  logger?: Logger;
}): Promise<Record<Name, number>> {
  let kept: Partial<Record<Name, unknown>> = {};
  try {
    kept = JSON.parse(fs.readFileSync(opts.file, 'utf8'));
  } catch {
    // first start, or an unreadable file: choose afresh
  }
  const chosen = {} as Record<Name, number>;
  const taken = () => Object.values<number>(chosen);
  for (const name of opts.names) {
    const fixed = opts.fixed?.[name];
    const last = kept[name];
    const valid = typeof last === 'number' && Number.isInteger(last) && last > 0 && last < 65536;
    if (fixed !== undefined) chosen[name] = fixed;
    else if (valid && !taken().includes(last) && (await isPortFree(last))) chosen[name] = last;
    else {
      const port = await keepablePort(taken());
      chosen[name] = port;
      if (valid) {
        opts.logger?.warn(
          `${opts.what}'s port ${last} (${name}) is taken by another program; using ${port}`,
          // Not `name`, which says which process logged the line.
          { portName: name, taken: last, port },
        );
      }
    }
  }
  fs.writeFileSync(opts.file, `${JSON.stringify(chosen)}\n`);
  return chosen;
}
