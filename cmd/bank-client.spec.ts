import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BankError, bankError, connectBank } from './bank-client';

describe('bankError', () => {
  it("keeps the bank's code and message, naming the field", () => {
    const error = bankError(
      400,
      '{"error":{"code":"ACCOUNT.INVALID","message":"bad\\nname","field":"ownerName"}}',
    );
    expect(error).toBeInstanceOf(BankError);
    expect(error).toMatchObject({ code: 'ACCOUNT.INVALID', httpStatus: 400, exitCode: 1 });
    expect(error.message).toBe('ACCOUNT.INVALID: bad\nname (ownerName)');
  });

  it('falls back to the HTTP status when the body is not the error shape', () => {
    expect(bankError(502, '<html>bad gateway</html>')).toMatchObject({
      code: 'HTTP_502',
      message: 'HTTP_502: <html>bad gateway</html>',
    });
    expect(bankError(500, '')).toMatchObject({ code: 'HTTP_500', message: 'HTTP_500: HTTP 500' });
  });
});

/** The client against a stand-in bank that records what it was sent. */
describe('connectBank', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ method?: string; url?: string; body: string; idempotencyKey?: string }> = [];
  const reply = { status: 200, body: '{}' };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          body,
          idempotencyKey: req.headers['idempotency-key'] as string,
        });
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    seen.length = 0;
    reply.status = 200;
    reply.body = '{}';
  });

  it('sends amounts as strings of cents and the idempotency key as a header', async () => {
    reply.body = '{"endToEndId":"E1","status":"pending"}';
    const sent = await connectBank(url).sendTransfer(
      { fromAccount: '1', key: 'a@b.co', amount: 1234n },
      'k-1',
    );
    expect(sent).toEqual({ endToEndId: 'E1', status: 'pending' });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/transfers',
        body: '{"fromAccount":"1","key":"a@b.co","amount":"1234"}',
        idempotencyKey: 'k-1',
      },
    ]);
  });

  it('escapes path segments and leaves out empty filters', async () => {
    reply.body = '{"transfers":[]}';
    await connectBank(url).listTransfers({ account: '1', status: undefined });
    reply.body = '{"entries":[]}';
    await connectBank(url).statement('../x');
    expect(seen.map((s) => s.url)).toEqual(['/transfers?account=1', '/accounts/..%2Fx/statement']);
  });

  it("turns the bank's error reply into a BankError", async () => {
    reply.status = 404;
    reply.body = '{"error":{"code":"ACCOUNT.NOT_FOUND","message":"no account 9"}}';
    await expect(connectBank(url).getAccount('9')).rejects.toMatchObject({
      code: 'ACCOUNT.NOT_FOUND',
      httpStatus: 404,
      message: 'ACCOUNT.NOT_FOUND: no account 9',
    });
  });

  it('says so when nothing answers', async () => {
    await expect(connectBank('http://127.0.0.1:1').health()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'cannot reach bank at http://127.0.0.1:1',
    });
  });
});
