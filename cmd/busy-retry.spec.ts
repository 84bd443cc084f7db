import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectBank, retryAfterSeconds } from './bank-client';
import { BUSY_RETRIES_MAX, sendTransferWhenFree } from './busy-retry';

describe('retryAfterSeconds', () => {
  it('reads whole seconds or an HTTP date, and nothing else', () => {
    expect(retryAfterSeconds('3')).toBe(3);
    const now = Date.parse('2026-11-21T14:30:00Z');
    expect(retryAfterSeconds('Sat, 21 Nov 2026 14:30:05 GMT', now)).toBe(5);
    expect(retryAfterSeconds('soon')).toBeUndefined();
    expect(retryAfterSeconds(null)).toBeUndefined();
  });
});

/** The CLI's send against a stand-in bank that is busy for the first `busyFor` requests. */
describe('sendTransferWhenFree', () => {
  let server: Server;
  let url: string;
  let busyFor = 0;
  let retryAfter = '2';
  const keys: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume().on('end', () => {
        keys.push(String(req.headers['idempotency-key']));
        if (keys.length <= busyFor) {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter });
          res.end('{"error":{"code":"BANK.BUSY","message":"the bank has too many transfers in flight"}}');
        } else {
          res.writeHead(202, { 'content-type': 'application/json' }).end('{"endToEndId":"E1"}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    keys.length = 0;
    retryAfter = '2';
  });

  const request = { fromAccount: '1', key: 'a@b.co', amount: 100n };
  const run = () => {
    const said: string[] = [];
    const slept: number[] = [];
    const sent = sendTransferWhenFree(connectBank(url), request, 'k-1', {
      say: (line) => said.push(line),
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    return { sent, said, slept };
  };

  it("waits the bank's Retry-After and sends again with the same Idempotency-Key", async () => {
    busyFor = 2;
    const { sent, said, slept } = run();
    await expect(sent).resolves.toEqual({ endToEndId: 'E1' });
    expect(keys).toEqual(['k-1', 'k-1', 'k-1']);
    expect(slept).toEqual([2000, 2000]);
    expect(said).toEqual([
      `the bank is busy (BANK.BUSY); trying again in 2 s (retry 1 of at most ${BUSY_RETRIES_MAX})`,
      `the bank is busy (BANK.BUSY); trying again in 2 s (retry 2 of at most ${BUSY_RETRIES_MAX})`,
    ]);
  });

  it('gives up after a bounded number of tries, saying the bank is still busy', async () => {
    busyFor = 100;
    const { sent, slept } = run();
    await expect(sent).rejects.toMatchObject({
      code: 'BANK.BUSY',
      httpStatus: 429,
      exitCode: 1,
      message: expect.stringMatching(/still busy after 6 tries over 10 s.*--idempotency-key k-1/),
    });
    expect(keys).toHaveLength(BUSY_RETRIES_MAX + 1);
    expect(slept).toHaveLength(BUSY_RETRIES_MAX);
  });

  it('gives up at once when the wait asked for is longer than it waits in all', async () => {
    busyFor = 100;
    retryAfter = '45';
    const { sent, slept } = run();
    await expect(sent).rejects.toMatchObject({ code: 'BANK.BUSY', retryAfterSeconds: 45 });
    expect([keys.length, slept.length]).toEqual([1, 0]);
  });
});
