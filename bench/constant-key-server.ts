import cluster from 'node:cluster';
import { Server } from '@grpc/grpc-js';
import { identityPaths, loadIdentity, pkiLayout } from '../lib/security/identity-files';
import { AccountType, KeyKind } from '../src/gen/codepix/v1/common';
import { type PixKey, PixKeyServiceService } from '../src/gen/codepix/v1/pix_key';
import { loadConfig } from '../src/infrastructure/config/config';
import { serverCredentials } from '../src/infrastructure/grpc/server';

/**
 * The gRPC reference: `node constant-key-server.js <port> <workers>` serves FindPixKey with the
 * PixKeyService method definition the hub serves it with, on the hub's TLS credentials (security on),
 * in as many processes as the hub runs, and answers every call with one constant key. What the hub
 * does beyond this (authenticating the caller, the lookup buckets, the directory) is what a benchmark's
 * ratio to this server measures.
 */
const [port, workers] = process.argv.slice(2).map(Number);

/** The size and shape of a real answer (an email key of the benchmark's seeded directory). */
const REPLY: PixKey = {
  key: 'user42@bench.example.com',
  kind: KeyKind.KEY_KIND_EMAIL,
  ownerName: 'Cliente 42',
  ownerTaxIdMasked: '***.000.042-**',
  ispb: '99990000',
  bankName: 'Banco Bench',
  branch: '0001',
  accountNumber: '42',
  accountType: AccountType.ACCOUNT_TYPE_CACC,
  createdAt: new Date(),
};

async function serve(): Promise<void> {
  const { security } = loadConfig();
  const tls = security.enabled
    ? loadIdentity(identityPaths(pkiLayout(security.pkiDir).hub), 'hub')
    : undefined;
  const server = new Server();
  server.addService(
    { findPixKey: PixKeyServiceService.findPixKey },
    { findPixKey: (_call: unknown, callback: (error: null, reply: PixKey) => void) => callback(null, REPLY) },
  );
  await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, serverCredentials(tls), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  process.once('SIGTERM', () => {
    server.forceShutdown();
    process.exit(0);
  });
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  });
} else {
  serve().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
