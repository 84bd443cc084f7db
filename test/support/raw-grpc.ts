import { type Client, Metadata, type ServiceError, status } from '@grpc/grpc-js';

/** How a call ended: OK, or the status, message and trailers of its error. */
export interface RawAnswer {
  code: status;
  details: string;
  metadata?: Metadata;
}

/** One unary call with the request as bytes: nothing stands between the fuzzer and the server's decoder. */
export function rawCall(client: Client, path: string, bytes: Uint8Array): Promise<RawAnswer> {
  return new Promise((resolve) => {
    client.makeUnaryRequest<Buffer, Buffer>(
      path,
      (b) => b,
      (b) => b,
      Buffer.from(bytes),
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (error: ServiceError | null) =>
        resolve(
          error
            ? { code: error.code, details: error.details, metadata: error.metadata }
            : { code: status.OK, details: '' },
        ),
    );
  });
}

/** The bytes of grpc.health.v1.Health/Check's answer for the whole server; rejects on any error. */
export function rawHealthCheck(client: Client): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) =>
    client.makeUnaryRequest<Buffer, Buffer>(
      '/grpc.health.v1.Health/Check',
      (b) => b,
      (b) => b,
      Buffer.alloc(0),
      (error, response) => (error || !response ? reject(error) : resolve(response)),
    ),
  );
}
