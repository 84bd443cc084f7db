import { Server, ServerCredentials } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { BankServiceService } from '../../gen/codepix/v1/bank';
import { PixKeyServiceService } from '../../gen/codepix/v1/pix_key';
import type { Logger } from '../logger';
import { type BankUseCases, bankHandlers } from './bank-handlers';
import { type PixKeyUseCases, pixKeyHandlers } from './pix-key-handlers';
import { protoFiles, protoRoot } from './proto-files';

export const SERVICE_NAMES = ['codepix.v1.PixKeyService', 'codepix.v1.BankService'];

export interface GrpcServer {
  port: number;
  health: HealthImplementation;
  stop(): Promise<void>;
}

/** The hub's gRPC door: the directory, bank administration, grpc.health.v1 and server reflection. */
export async function startGrpcServer(opts: {
  host: string;
  port: number;
  pixKeys: PixKeyUseCases;
  banks: BankUseCases;
  logger: Logger;
}): Promise<GrpcServer> {
  const server = new Server();
  server.addService(PixKeyServiceService, pixKeyHandlers(opts.pixKeys, opts.logger));
  server.addService(BankServiceService, bankHandlers(opts.banks, opts.logger));

  const health = new HealthImplementation(
    Object.fromEntries(['', ...SERVICE_NAMES].map((s) => [s, 'SERVING'])),
  );
  health.addToServer(server);
  const root = protoRoot();
  new ReflectionService(loadSync(protoFiles(root), { includeDirs: [root], keepCase: true })).addToServer(
    server,
  );

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${opts.host}:${opts.port}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return {
    port,
    health,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of ['', ...SERVICE_NAMES]) health.setStatus(s, 'NOT_SERVING');
        // Finish calls in flight, but do not wait on a client that never hangs up.
        const force = setTimeout(() => server.forceShutdown(), 5000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
