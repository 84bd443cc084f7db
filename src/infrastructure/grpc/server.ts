import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { experimental, Server, ServerCredentials } from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import type { Logger } from '../../../lib/observability/logger';
import type { LoadedIdentity } from '../../../lib/security/identity-files';
import { BankServiceService } from '../../gen/codepix/v1/bank';
import { ClaimServiceService } from '../../gen/codepix/v1/claim';
import { PixKeyServiceService } from '../../gen/codepix/v1/pix_key';
import { TransferServiceService } from '../../gen/codepix/v1/transfer';
import { DESCRIPTOR_SET } from '../../gen/descriptor-set';
import type { Authenticate } from './authenticate';
import { type BankUseCases, bankHandlers } from './bank-handlers';
import { type ClaimUseCases, claimHandlers } from './claim-handlers';
import { type PixKeyUseCases, pixKeyHandlers } from './pix-key-handlers';
import { type TransferServiceUseCases, transferHandlers } from './transfer-handlers';
import { type Door, decodeRequestsSafely } from './unary';

export const SERVICE_NAMES = [
  'codepix.v1.PixKeyService',
  'codepix.v1.BankService',
  'codepix.v1.TransferService',
  'codepix.v1.ClaimService',
];

/**
 * Reflection answers with the files exactly as compiled from proto/ (names, imports, field names), so
 * tools such as grpcurl can resolve every type, and with grpc.health.v1 from the file the health
 * service is built from, so a reflection client finds it too. @grpc/reflection reads only
 * `fileDescriptorProtos`.
 */
function reflectionDescriptors(): PackageDefinition {
  const set = fromBinary(FileDescriptorSetSchema, Buffer.from(DESCRIPTOR_SET, 'base64'));
  const files = set.file.map((file) => Buffer.from(toBinary(FileDescriptorProtoSchema, file)));
  const health = loadSync(healthProtoPath);
  // Only `fileDescriptorProtos` is read; the cast stands in for the message codecs it never touches.
  return { ...health, 'codepix.v1': { fileDescriptorProtos: files } as unknown as PackageDefinition[string] };
}

export interface GrpcServer {
  port: number;
  health: HealthImplementation;
  /** What grpc.health.v1 answers for the server and every service. */
  setServing(serving: boolean): void;
  stop(): Promise<void>;
}

/**
 * Identity material that never changes while the server runs, handed to grpc-js as a provider. The
 * answer comes on the next turn: grpc-js registers its own watcher only after adding the listener, and
 * would miss an answer given at once.
 */
class FixedCertificates implements experimental.CertificateProvider {
  constructor(private readonly identity: LoadedIdentity) {}
  addCaCertificateListener(listener: experimental.CaCertificateUpdateListener): void {
    setImmediate(listener, { caCertificate: this.identity.ca });
  }
  removeCaCertificateListener(): void {}
  addIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    setImmediate(listener, { certificate: this.identity.cert, privateKey: this.identity.key });
  }
  removeIdentityCertificateListener(): void {}
}

/**
 * TLS with the hub's certificate. A client certificate is asked for and verified against the hub's
 * authority, but not required by the handshake, so a caller without one hears UNAUTHENTICATED from
 * `authenticate` instead of a broken connection; health checks and reflection need none.
 */
export function serverCredentials(tls: LoadedIdentity | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  const certificates = new FixedCertificates(tls);
  return experimental.createCertificateProviderServerCredentials(certificates, certificates, false);
}

/** The hub's gRPC door: the directory, banks, transfers, claims, grpc.health.v1 and server reflection. */
export async function startGrpcServer(opts: {
  host: string;
  port: number;
  pixKeys: PixKeyUseCases;
  banks: BankUseCases;
  transfers: TransferServiceUseCases;
  claims: ClaimUseCases;
  logger: Logger;
  /** The hub's identity; without it the door is plaintext (security off). */
  tls?: LoadedIdentity;
  authenticate: Authenticate;
}): Promise<GrpcServer> {
  const server = new Server();
  const door: Door = { logger: opts.logger, authenticate: opts.authenticate };
  server.addService(decodeRequestsSafely(PixKeyServiceService), pixKeyHandlers(opts.pixKeys, door));
  server.addService(decodeRequestsSafely(BankServiceService), bankHandlers(opts.banks, door));
  server.addService(decodeRequestsSafely(TransferServiceService), transferHandlers(opts.transfers, door));
  server.addService(decodeRequestsSafely(ClaimServiceService), claimHandlers(opts.claims, door));

  const health = new HealthImplementation(
    Object.fromEntries(['', ...SERVICE_NAMES].map((s) => [s, 'SERVING'])),
  );
  health.addToServer(server);
  new ReflectionService(reflectionDescriptors()).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${opts.host}:${opts.port}`, serverCredentials(opts.tls), (err, bound) =>
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
