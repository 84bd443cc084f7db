import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createKafka } from '../../../lib/messaging/kafka-client-factory';
import type { Logger } from '../../../lib/observability/logger';
import type { LoadedIdentity } from '../../../lib/security/identity-files';
import { brokerLogTail, clusterId, writeConfig } from './kafka-broker-files';
import { resolveKafkaClasspath } from './kafka-classpath';
import { persistedPorts } from './persisted-ports';
import { canConnect, commandLine, requireCommand, run, sleep, stopWithParent, terminate } from './processes';

export interface LocalKafkaOptions {
  dataDir: string;
  /** Holds the resolved Maven classpath; share it between data dirs so only the first run downloads. */
  cacheDir: string;
  port?: number;
  logger?: Logger;
  /**
   * The broker's identity, a certificate for localhost and 127.0.0.1: every listener then takes TLS
   * with client certificates of the same authority, and ACLs decide what each one may do. Absent,
   * the broker serves PLAINTEXT to anyone (CODEPIX_SECURITY=off).
   */
  identity?: LoadedIdentity;
}

export interface RunningKafka {
  brokers: string[];
  port: number;
  /** The broker JVM's pid. */
  pid?: number;
  stop(): Promise<void>;
  /**
   * SIGKILLs the broker, as a crash would, and resolves once it is gone. startLocalKafka on the same
   * data dir (and port) recovers its logs and serves them again.
   */
  kill(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;
const JVM_OPTS = [
  '-Xms256m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-Djava.awt.headless=true',
];

/**
 * Runs a single-node Apache Kafka (KRaft, combined broker and controller) as a child process. Ports
 * are chosen on the data dir's first start and kept (ports.json); the static voter set names the node
 * by id only, so a data dir formatted under other ports still starts.
 */
export async function startLocalKafka(opts: LocalKafkaOptions): Promise<RunningKafka> {
  const dataDir = path.resolve(opts.dataDir);
  const logger = opts.logger;
  requireCommand('java', 'a Java 17 runtime (e.g. `apt-get install openjdk-17-jre-headless`)');
  const classpath = await resolveKafkaClasspath(path.resolve(opts.cacheDir), logger);
  fs.mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, 'broker.pid');
  const propsFile = path.join(dataDir, 'server.properties');
  await stopLeftoverBroker(pidFile, propsFile, logger);

  const { broker: port, controller: controllerPort } = await persistedPorts({
    file: path.join(dataDir, 'ports.json'),
    names: ['broker', 'controller'],
    what: 'Kafka',
    fixed: { broker: opts.port },
    logger,
  });
  writeConfig(dataDir, propsFile, port, controllerPort, opts.identity);
  const java = (mainClass: string, ...args: string[]) => [
    ...JVM_OPTS,
    `-Dlog4j.configuration=file:${path.join(dataDir, 'log4j.properties')}`,
    '-cp',
    classpath,
    mainClass,
    ...args,
  ];
  if (!fs.existsSync(path.join(dataDir, 'logs', 'meta.properties'))) {
    const format = ['format', '-t', clusterId(dataDir), '-c', propsFile, '--ignore-formatted'];
    await run('java', java('kafka.tools.StorageTool', ...format), 'formatting Kafka storage', 60_000);
  }

  const out = fs.openSync(path.join(dataDir, 'broker.out'), 'w');
  // A process group of its own: a terminal's Ctrl-C reaches only us, and we stop the broker last.
  const child = spawn('java', java('kafka.Kafka', propsFile), {
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  child.unref();
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  fs.writeFileSync(pidFile, `${child.pid}\n`);
  const unguard = stopWithParent(child, 'SIGKILL');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(force);
      }
      unguard();
      fs.rmSync(pidFile, { force: true });
    })();
    return stopping;
  };
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
    unguard();
  };

  const brokers = [`127.0.0.1:${port}`];
  try {
    await waitUntilReady(brokers, port, exited, opts.identity);
  } catch (err) {
    await stop();
    throw new Error(`local Kafka did not start: ${(err as Error).message}\n${brokerLogTail(dataDir)}`);
  }
  logger?.info('local Kafka ready', { brokers, dataDir });
  return { brokers, port, pid: child.pid, stop, kill };
}

/** A parent killed with SIGKILL cannot take its broker down; the next start does. */
async function stopLeftoverBroker(pidFile: string, propsFile: string, logger?: Logger): Promise<void> {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  const cmd = Number.isInteger(pid) && pid > 0 ? commandLine(pid) : '';
  if (cmd.includes('kafka.Kafka') && cmd.includes(propsFile)) {
    logger?.warn('stopping a Kafka broker left running by a previous run', { brokerPid: pid });
    await terminate(pid, 'SIGTERM', STOP_GRACE_MS);
  }
  fs.rmSync(pidFile, { force: true });
}

/** Ready means a client can fetch metadata, not merely that the port accepts connections. */
async function waitUntilReady(
  brokers: string[],
  port: number,
  exited: Promise<void>,
  identity?: LoadedIdentity,
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const check = () => {
    if (dead) throw new Error('the broker process exited');
    if (Date.now() > deadline) throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000} s`);
  };
  // Polling the port first keeps kafkajs from logging connection errors while the JVM boots.
  while (!(await canConnect(port))) {
    check();
    await sleep(200);
  }
  // The broker's own certificate makes the probe a super user, the one principal sure to be allowed.
  const admin = createKafka({ brokers, clientId: 'codepix-local-kafka-probe', identity }).admin();
  const probe = (async () => {
    await admin.connect();
    await admin.listTopics();
  })();
  const timeout = new Promise<never>((_, reject) => {
    const timer = setInterval(() => {
      try {
        check();
      } catch (err) {
        clearInterval(timer);
        reject(err);
      }
    }, 200);
    void probe.finally(() => clearInterval(timer)).catch(() => undefined);
  });
  try {
    await Promise.race([probe, timeout]);
  } finally {
    await admin.disconnect();
  }
}
