import http from 'node:http';
import type { StackBank as Bank } from '../stack/stack';

/** The fields of the bank's answers this benchmark reads (docs/bank-api.md). */
export interface Reply {
  status: number;
  body?: { number?: string; key?: string; endToEndId?: string; error?: { code?: string } };
  /** Retry-After, in seconds, when the bank sent one (429 BANK.BUSY, 503). */
  retryAfterSeconds?: number;
}

/** Keep-alive JSON over node:http (cheaper per request than fetch, which matters on 2 cores). */
export class JsonHttp {
  private readonly agent: http.Agent;

  constructor(maxSockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(
    bank: Bank,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    // The benchmark drives the banks as their operator, the stack's credential.
    const credential = { authorization: `Bearer ${bank.operatorToken}` };
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: bank.host,
          port: bank.port,
          method,
          path,
          agent: this.agent,
          headers: payload
            ? {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
                ...credential,
                ...headers,
              }
            : { ...credential, ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            const retryAfter = Number(res.headers['retry-after'] ?? Number.NaN);
            try {
              resolve({
                status: res.statusCode ?? 0,
                body: text ? JSON.parse(text) : undefined,
                ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
              });
            } catch (error) {
              reject(error);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
