import path from 'node:path';
import {
  type CallOptions,
  type Client,
  type GrpcObject,
  loadPackageDefinition,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { anonymousCredentials } from './test-identities';

/**
 * Clients of the standard services (grpc.health.v1, reflection) built from the protos the upstream
 * packages ship, not from our own generated code: what generic tooling would use.
 */
const NODE_MODULES = path.resolve(__dirname, '../../node_modules');
export const HEALTH_PROTO = path.join(NODE_MODULES, 'grpc-health-check/proto/health/v1/health.proto');
export const REFLECTION_PROTO = path.join(
  NODE_MODULES,
  '@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto',
);

/** A client constructor for `service` (e.g. grpc.health.v1.Health) from a .proto file. */
export function clientFor(protoFile: string, service: string): ServiceClientConstructor {
  const loaded = loadPackageDefinition(
    loadSync(protoFile, { keepCase: false, enums: String, defaults: true, oneofs: true }),
  );
  return service
    .split('.')
    .reduce<GrpcObject>(
      (node, name) => node[name] as GrpcObject,
      loaded,
    ) as unknown as ServiceClientConstructor;
}

export const deadline = () => ({ deadline: Date.now() + 10_000 });

export interface HealthClient extends Client {
  check(
    req: { service: string },
    options: Partial<CallOptions>,
    cb: (err: ServiceError | null, res: { status: string }) => void,
  ): void;
}

/** Health checks need no certificate of their own: TLS that trusts the hub, or plaintext with security off. */
export const healthClient = (address: string, creds = anonymousCredentials()) =>
  new (clientFor(HEALTH_PROTO, 'grpc.health.v1.Health'))(address, creds) as unknown as HealthClient;

/** What grpc.health.v1 Check answers for `service` ('' is the whole server). */
export const healthStatus = (health: HealthClient, service = '') =>
  new Promise<string>((resolve, reject) =>
    health.check({ service }, deadline(), (err, res) => (err ? reject(err) : resolve(res.status))),
  );
