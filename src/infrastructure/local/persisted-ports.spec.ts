import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { recordingLogger } from '../../../lib/observability/testing/recording-logger';
import { isPortFree, persistedPorts } from './persisted-ports';

/** Ports kept between starts, against real sockets. */
let dir: string;
let file: string;
const logger = recordingLogger('warn');

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'codepix-ports-'));
  file = path.join(dir, 'ports.json');
  logger.entries.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const names = ['broker', 'controller'] as const;
const occupy = (port: number) =>
  new Promise<net.Server>((resolve) => {
    const server = net.createServer().listen(port, '127.0.0.1', () => resolve(server));
  });

describe('persistedPorts', () => {
  it('chooses distinct free ports once and gives the same ones on every later start', async () => {
    const first = await persistedPorts({ file, names, what: 'Kafka', logger });
    expect(first.broker).not.toBe(first.controller);
    // Below the ephemeral range, where no outgoing connection is given one of them meanwhile.
    for (const port of Object.values(first)) expect(port).toBeLessThan(32_768);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
    expect(await persistedPorts({ file, names, what: 'Kafka', logger })).toEqual(first);
    expect(logger.entries).toEqual([]);
  });

  it('says which kept port is taken, and by what it is replaced', async () => {
    const first = await persistedPorts({ file, names, what: 'Kafka', logger });
    const squatter = await occupy(first.broker);
    try {
      expect(await isPortFree(first.broker)).toBe(false);
      const second = await persistedPorts({ file, names, what: 'Kafka', logger });
      expect(second.controller).toBe(first.controller);
      expect(second.broker).not.toBe(first.broker);
      expect(logger.entries).toEqual([
        {
          level: 'warn',
          msg: `Kafka's port ${first.broker} (broker) is taken by another program; using ${second.broker}`,
          fields: { portName: 'broker', taken: first.broker, port: second.broker },
        },
      ]);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(second);
    } finally {
      squatter.close();
    }
  });

  it('uses a fixed port as given', async () => {
    const ports = await persistedPorts({ file, names, what: 'Kafka', fixed: { broker: 1 }, logger });
    expect(ports.broker).toBe(1);
  });
});
