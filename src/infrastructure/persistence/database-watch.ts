import type { DataSource } from 'typeorm';
import type { Logger } from '../../../lib/observability/logger';

export interface DatabaseWatch {
  /** False from the first failed probe until one succeeds again. */
  readonly up: boolean;
  stop(): void;
}

/**
 * Probes the database with `SELECT 1` every `intervalMs` and reports each change of reachability, so
 * the hub can say NOT_SERVING while it cannot reach its database instead of failing call after call.
 */
export function watchDatabase(opts: {
  dataSource: DataSource;
  logger: Logger;
  intervalMs?: number;
  timeoutMs?: number;
  onChange(up: boolean): void;
}): DatabaseWatch {
  const intervalMs = opts.intervalMs ?? 1_000;
  const timeoutMs = opts.timeoutMs ?? 2_000;
  let up = true;
  let probing = false;
  const probe = async () => {
    if (probing) return;
    probing = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    });
    const reachable = await Promise.race([opts.dataSource.query('SELECT 1'), timeout]).then(
      () => true,
      (error) => {
        if (up) opts.logger.error('database unreachable', { error: String(error) });
        return false;
      },
    );
    clearTimeout(timer);
    probing = false;
    if (reachable === up) return;
    up = reachable;
    if (up) opts.logger.info('database reachable again');
    opts.onChange(up);
  };
  const interval = setInterval(() => void probe(), intervalMs);
  return {
    get up() {
      return up;
    },
    stop: () => clearInterval(interval),
  };
}
