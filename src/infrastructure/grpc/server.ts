import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { BankServiceService } from '../../gen/codepix/v1/bank';
import { PixKeyServiceService } from '../../gen/codepix/v1/pix_key';
import { TransferServiceService } from '../../gen/codepix/v1/transfer';
import { DESCRIPTOR_SET } from '../../gen/descriptor-set';
import type { Logger } from '../logger';
import { type BankUseCases, bankHandlers } from './bank-handlers';
import { type PixKeyUseCases, pixKeyHandlers } from './pix-key-handlers';
import { type TransferReadUseCases, transferHandlers } from './transfer-handlers';
import { decodeRequestsSafely } from './unary';

export const SERVICE_NAMES = [
  'codepix.v1.PixKeyService',
  'codepix.v1.BankService',
  'codepix.v1.TransferService',
];

/**
 * Reflection answers with the files exactly as compiled from proto/ (names, imports, field names), so
 * tools such as grpcurl can resolve every type. @grpc/reflection reads only `fileDescriptorProtos`.
 */
function reflectionDescriptors(): PackageDefinition {
  const set = fromBinary(FileDescriptorSetSchema, Buffer.from(DESCRIPTOR_SET, 'base64'));
  const files = set.file.map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file)));
  // Only `fileDescriptorProtos` is read; the cast stands in for the message codecs it never touches.
  return { 'codepix.v1': { fileDescriptorProtos: files } as unknown as PackageDefinition[string] };
}

export interface GrpcServer {
  port: number;
  health: HealthImplementation;
  /** What grpc.health.v1 answers for the server and every service. */
  setServing(serving: boolean): void;
  stop(): Promise<void>;
}

/** The hub's gRPC door: the directory, banks, transfers, grpc.health.v1 and server reflection. */
export async function startGrpcServer(opts: {
  host: string;
  port: number;
  pixKeys: PixKeyUseCases;
  banks: BankUseCases;
  transfers: TransferReadUseCases;
  logger: Logger;
}): Promise<GrpcServer> {
  const server = new Server();
  server.addService(decodeRequestsSafely(PixKeyServiceService), pixKeyHandlers(opts.pixKeys, opts.logger));
  server.addService(decodeRequestsSafely(BankServiceService), bankHandlers(opts.banks, opts.logger));
  server.addService(
    decodeRequestsSafely(TransferServiceService),
    transferHandlers(opts.transfers, opts.logger),
  );

  const health = new HealthImplementation(
    Object.fromEntries(['', ...SERVICE_NAMES].map((s) => [s, 'SERVING'])),
  );
  health.addToServer(server);
  new ReflectionService(reflectionDescriptors()).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${opts.host}:${opts.port}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  const setServing = (serving: boolean) => {
    for (const s of ['', ...SERVICE_NAMES]) health.setStatus(s, serving ? 'SERVING' : 'NOT_SERVING');
  };
  return {
    port,
    health,
    setServing,
    stop: () =>
      new Promise<void>((resolve) => {
        setServing(false);
        // Finish calls in flight, but do not wait on a client that never hangs up.
        const force = setTimeout(() => server.forceShutdown(), 5000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
