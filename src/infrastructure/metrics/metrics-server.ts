import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../lib/observability/logger';

export interface MetricsDoor {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** What a scrape gets: the Prometheus text of one registry, or of a cluster's registries together. */
export interface MetricsSource {
  contentType: string;
  metrics(): Promise<string>;
}

/**
 * The hub's metrics door: GET /metrics in the Prometheus text format, on a port of its own so that a
 * scraper needs no client certificate and reaches nothing else. Anything else is 404.
 */
export async function startMetricsServer(opts: {
  host: string;
  port: number;
  source: MetricsSource;
  logger: Logger;
}): Promise<MetricsDoor> {
  const server = createServer((req, res) => {
    req.resume();
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://hub').pathname !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served here\n');
      return;
    }
    opts.source.metrics().then(
      (text) => res.writeHead(200, { 'content-type': opts.source.contentType }).end(text),
      (error) => {
        opts.logger.warn('metrics not collected', { error: String(error) });
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics not collected\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    port,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
