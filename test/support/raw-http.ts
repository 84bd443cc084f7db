import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import type { Sent } from './bank-http-bad-input-arbitraries';

/** An HTTP answer as it came: status, headers and the body as text. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Kept-alive connections for the many requests of a fuzz run; destroy it in afterAll. */
export const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** Sends the request exactly as given (method, path, headers, body): no fetch rules in the way. */
export function send(base: string, r: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${r.path}`, { method: r.method, headers: r.headers, agent }, (res) => {
      // A stream of events never ends by itself: its status and headers are the answer.
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${r.method} ${r.path} in 10 s`)));
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Writes the bytes on a fresh TCP connection and resolves to all the server says before it closes. */
export function rawExchange(url: URL, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer in 5 s')));
  });
}
