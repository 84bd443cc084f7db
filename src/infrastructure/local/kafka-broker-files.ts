import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LoadedIdentity } from '../../../lib/security/identity-files';
import { brokerTlsConfig } from './kafka-tls-config';

/*
 * The local broker's files in its data dir: what it is given (server.properties, log4j.properties, the
 * cluster id it is formatted with) and the logs it leaves, read back to explain a failed start.
 */

/** Writes server.properties (KRaft, one combined broker and controller) and log4j.properties. */
export function writeConfig(
  dataDir: string,
  propsFile: string,
  port: number,
  controllerPort: number,
  identity?: LoadedIdentity,
): void {
  const protocol = identity ? 'SSL' : 'PLAINTEXT';
  const props = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `${protocol}://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `${protocol}://127.0.0.1:${port}`,
    'inter.broker.listener.name': protocol,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': `${protocol}:${protocol},CONTROLLER:${protocol}`,
    ...(identity ? brokerTlsConfig(path.join(dataDir, 'tls'), identity) : {}),
    'log.dirs': path.join(dataDir, 'logs'),
    'num.partitions': 1,
    'default.replication.factor': 1,
    'offsets.topic.replication.factor': 1,
    // Fewer internal partitions than the default 50 makes the first consumer group join much faster.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 10,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': false,
  };
  const lines = Object.entries(props).map(([key, value]) => `${key}=${value}`);
  fs.writeFileSync(propsFile, `${lines.join('\n')}\n`);
  const log4j = {
    'log4j.rootLogger': 'INFO, file',
    'log4j.appender.file': 'org.apache.log4j.RollingFileAppender',
    'log4j.appender.file.File': path.join(dataDir, 'broker.log'),
    'log4j.appender.file.MaxFileSize': '10MB',
    'log4j.appender.file.MaxBackupIndex': 2,
    'log4j.appender.file.layout': 'org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern': '[%d] %p %m (%c)%n',
    'log4j.logger.kafka.request.logger': 'WARN',
    'log4j.logger.state.change.logger': 'WARN',
  };
  const log4jLines = Object.entries(log4j).map(([key, value]) => `${key}=${value}`);
  fs.writeFileSync(path.join(dataDir, 'log4j.properties'), `${log4jLines.join('\n')}\n`);
}

/** Generated once per data dir, in Kafka's format: 16 random bytes, base64url without padding. */
export function clusterId(dataDir: string): string {
  const file = path.join(dataDir, 'cluster-id');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  let id = '';
  while (!id || id.startsWith('-')) id = randomBytes(16).toString('base64url');
  fs.writeFileSync(file, `${id}\n`);
  return id;
}

/** The errors are what explain a failed start; the last lines of a shutdown rarely do. */
export function brokerLogTail(dataDir: string): string {
  const lines = (file: string) => {
    try {
      return fs.readFileSync(path.join(dataDir, file), 'utf8').trimEnd().split('\n');
    } catch {
      return [];
    }
  };
  const log = lines('broker.log');
  const errors = log.filter((line) => /\] (ERROR|FATAL) |Exception|^\s*Caused by/.test(line));
  const excerpt = (errors.length > 0 ? errors : log).slice(-15).map((line) => line.slice(0, 500));
  return [`--- ${path.join(dataDir, 'broker.out')} ---`, ...lines('broker.out').slice(-15)]
    .concat(`--- ${path.join(dataDir, 'broker.log')} ---`, ...excerpt)
    .join('\n');
}
