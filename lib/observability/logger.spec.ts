import { createLogger } from './logger';

/** A logger whose lines the test reads, parsed. */
function logged(level: Parameters<typeof createLogger>[0], name?: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(level, name, { write: (line) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes one JSON object a line: level by name, ISO time, pid, the process name, message, fields', () => {
    const { logger, lines } = logged('info', 'bank-11111111');
    logger.warn('outbox publisher failed; retrying', { error: 'QueryFailedError: gone', failures: 1 });
    expect(lines).toEqual([
      {
        level: 'warn',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        pid: process.pid,
        name: 'bank-11111111',
        msg: 'outbox publisher failed; retrying',
        error: 'QueryFailedError: gone',
        failures: 1,
      },
    ]);
  });

  it('drops what is below its level, and its pino logger is the same logger', () => {
    const { logger, lines } = logged('warn');
    logger.debug('a debug line');
    logger.info('an info line');
    logger.error('an error', { code: 14 });
    logger.pino.warn({ port: 8081 }, 'from a library');
    logger.pino.info('an info line a library logs');
    expect(lines.map(({ level, name, msg }) => [level, name, msg])).toEqual([
      ['error', 'codepix', 'an error'],
      ['warn', 'codepix', 'from a library'],
    ]);
  });

  it('writes a big amount as a JSON number and a message as given', () => {
    const { logger, lines } = logged('debug');
    logger.debug('50% of the batch applied', { amount: 12_345_678_901n });
    expect(lines[0]).toMatchObject({ msg: '50% of the batch applied', amount: 12_345_678_901 });
  });
});
