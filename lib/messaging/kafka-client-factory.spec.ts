import { type LogEntry, logLevel } from 'kafkajs';
import { recordingLogger } from '../observability/testing/recording-logger';
import { kafkaLogCreator, kafkaLogLevel } from './kafka-client-factory';

/** Log entries as kafkajs hands them over, copied from a `codepix dev up` start. */
const entry = (level: logLevel, namespace: string, log: Record<string, unknown>): LogEntry => ({
  namespace,
  level,
  label: logLevel[level],
  log: { timestamp: '2026-12-01T19:49:10.282Z', logger: 'kafkajs', message: '', ...log },
});
const response = (request: string, error: string) =>
  entry(logLevel.ERROR, 'Connection', {
    message: `Response ${request}`,
    broker: '127.0.0.1:34363',
    clientId: 'codepix-hub',
    error,
    correlationId: 2,
    size: 55,
  });

describe('kafkaLogLevel', () => {
  it.each([
    ['GroupCoordinator(key: 10, version: 2)', 'The group coordinator is not available'],
    [
      'InitProducerId(key: 22, version: 1)',
      "The coordinator is loading and hence can't process requests for this group",
    ],
    ['Metadata(key: 3, version: 6)', 'This server does not host this topic-partition'],
    ['CreateTopics(key: 19, version: 3)', 'Topic creation errors'],
    [
      'Metadata(key: 3, version: 6)',
      'There is no leader for this topic-partition as we are in the middle of a leadership election',
    ],
  ])('puts the transient answer to %s at debug: kafkajs retries it', (request, error) => {
    expect(kafkaLogLevel(response(request, error))).toBe('debug');
  });

  it('puts the EoS warning of a bounded-retry idempotent producer at debug: the outbox covers it', () => {
    const warning = entry(logLevel.WARN, 'Producer', {
      message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees',
    });
    expect(kafkaLogLevel(warning)).toBe('debug');
  });

  it("leaves a consumer's crash to the batch consumer, and a late reply to nobody", () => {
    const crash = entry(logLevel.ERROR, 'Consumer', {
      message: 'Crash: KafkaJSConnectionClosedError: Closed connection',
      groupId: 'codepix-hub-transactions',
    });
    const late = entry(logLevel.WARN, 'RequestQueue', {
      message: 'Response without match',
      correlationId: 5,
    });
    const ended = entry(logLevel.ERROR, 'Connection', { message: 'Connection error: write after end' });
    expect([crash, late, ended].map(kafkaLogLevel)).toEqual(['debug', 'debug', 'debug']);
  });

  it('keeps real trouble at its level', () => {
    const refused = entry(logLevel.ERROR, 'Connection', {
      message: 'Connection error: connect ECONNREFUSED 127.0.0.1:34363',
      stack: 'Error: connect ECONNREFUSED',
    });
    expect(kafkaLogLevel(refused)).toBe('error');
    expect(kafkaLogLevel(response('Produce(key: 0, version: 7)', 'Topic authorization failed'))).toBe(
      'error',
    );
    expect(kafkaLogLevel(entry(logLevel.WARN, 'Runner', { message: 'The group is rebalancing' }))).toBe(
      'warn',
    );
  });
});

describe('kafkaLogCreator', () => {
  it('logs through our logger with the namespace and the fields, without kafkajs bookkeeping', () => {
    const logger = recordingLogger();
    const log = kafkaLogCreator(logger)();
    log(response('GroupCoordinator(key: 10, version: 2)', 'The group coordinator is not available'));
    expect(logger.entries).toEqual([
      {
        level: 'debug',
        msg: 'kafkajs: Response GroupCoordinator(key: 10, version: 2)',
        fields: {
          namespace: 'Connection',
          broker: '127.0.0.1:34363',
          clientId: 'codepix-hub',
          error: 'The group coordinator is not available',
          correlationId: 2,
          size: 55,
        },
      },
    ]);
  });
});
