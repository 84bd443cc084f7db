import { spawn } from 'node:child_process';
import path from 'node:path';
import { channelCredentials } from '../lib/security/client-credentials';
import type { LoadedIdentity } from '../lib/security/identity-files';
import { PixKey, PixKeyServiceClient } from '../src/gen/codepix/v1/pix_key';
import { freePort } from '../src/infrastructure/local/free-port';
import { stopWithParent } from '../src/infrastructure/local/processes';
import { terminate } from '../stack/cli-process';
import { H2GrpcClient } from './h2-grpc-client';
import { closedLoop, type LoadResult } from './load';

/** The constant-reply FindPixKey server under the lookup benchmark's load. */
export interface GrpcReference extends LoadResult {
  workers: number;
  concurrency: number;
  connections: number;
}

export const FIND_PIX_KEY = '/codepix.v1.PixKeyService/FindPixKey';

export interface GrpcReferenceOptions {
  /** Where the hub's identity is (CODEPIX_PKI): the server takes the hub's TLS credentials. */
  pkiDir: string;
  /** Who the load generator calls as (mTLS); none with security off. */
  caller?: LoadedIdentity;
  /** As the hub runs them: the same number of processes sharing the port. */
  workers: number;
  concurrency: number;
  connections: number;
  seconds: number;
  /** The i-th request's bytes, as the benchmark sends them to the hub. */
  request(i: number): Uint8Array;
}

/**
 * Starts bench/constant-key-server.js as its own processes (so it does not share the load generator's
 * event loop, as the hub does not), checks one answer, drives it as the lookup benchmark drives the hub,
 * and stops it.
 */
export async function measureConstantServer(opts: GrpcReferenceOptions): Promise<GrpcReference> {
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [path.resolve(__dirname, 'constant-key-server.js'), String(port), String(opts.workers)],
    { env: { ...process.env, CODEPIX_PKI: opts.pkiDir }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const unguard = stopWithParent(server, 'SIGTERM');
  try {
    const address = `127.0.0.1:${port}`;
    const probe = new PixKeyServiceClient(address, channelCredentials(opts.caller));
    await new Promise<void>((resolve, reject) =>
      probe.waitForReady(Date.now() + 30_000, (err) => (err ? reject(err) : resolve())),
    );
    probe.close();
    const clients = Array.from({ length: opts.connections }, () => new H2GrpcClient(address, opts.caller));
    try {
      const sample = PixKey.decode(await clients[0].unary(FIND_PIX_KEY, opts.request(0)));
      if (!sample.key) throw new Error('the constant-reply server answered no key');
      const result = await closedLoop({
        concurrency: opts.concurrency,
        durationMs: opts.seconds * 1000,
        request: (i) => clients[i % clients.length].unary(FIND_PIX_KEY, opts.request(i)),
      });
      return {
        ...result,
        workers: opts.workers,
        concurrency: opts.concurrency,
        connections: opts.connections,
      };
    } finally {
      for (const c of clients) c.close();
    }
  } finally {
    await terminate(server);
    unguard();
  }
}
