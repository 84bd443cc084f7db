import type { AddressInfo } from 'node:net';
import { type BankAppOptions, buildBankApp } from './app';

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

/** How long requests in flight get to finish once the server stops; then their connections are cut. */
const CLOSE_GRACE_MS = 2_000;

/**
 * The bank's HTTP door (app.ts) listening on `host:port`. Keep-alive connections; nothing logged per
 * request; a bad request is answered 4xx and never takes the process down.
 */
export async function startHttpServer(
  opts: BankAppOptions & { host: string; port: number },
): Promise<HttpServer> {
  const app = await buildBankApp(opts);
  await app.listen({ host: opts.host, port: opts.port });
  return {
    port: (app.server.address() as AddressInfo).port,
    close: async () => {
      const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}
