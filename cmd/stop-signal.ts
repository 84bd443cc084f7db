import type { Logger } from '../lib/observability/logger';

export interface StopSignal {
  /** Resolves on the first SIGINT or SIGTERM. */
  received: Promise<NodeJS.Signals>;
  /** The signal, once one arrived: lets a slow start-up see it was cancelled. */
  readonly signal: NodeJS.Signals | undefined;
}

const EXIT_CODE: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Listens for SIGINT/SIGTERM from now on, so the caller can shut down in order (hub, then infrastructure).
 * A second signal means "now": exit at once, skipping the rest of the shutdown.
 */
export function listenForStop(logger: Logger): StopSignal {
  let signal: NodeJS.Signals | undefined;
  let resolve: (signal: NodeJS.Signals) => void = () => {};
  const received = new Promise<NodeJS.Signals>((r) => {
    resolve = r;
  });
  const onSignal = (s: NodeJS.Signals) => {
    if (signal) {
      logger.warn('second signal: exiting without finishing the shutdown', { signal: s });
      process.exit(EXIT_CODE[s] ?? 1);
    }
    signal = s;
    logger.info('stopping (send the signal again to force)', { signal: s });
    resolve(s);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    received,
    get signal() {
      return signal;
    },
  };
}
