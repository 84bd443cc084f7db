import { type CallOptions, type Client, Metadata, type ServiceError } from '@grpc/grpc-js';

// The last overload of a generated method, which is the one TypeScript infers from.
type Unary<Req, Res> = (
  req: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, res: Res) => void,
) => unknown;

/** Promisifies one unary method of a generated client. */
export function call<Req, Res>(
  client: Client,
  method: Unary<Req, Res>,
  request: Req,
  metadata = new Metadata(),
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method.call(client, request, metadata, { deadline: Date.now() + 10_000 }, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

/** Resolves to the ServiceError a call fails with; fails the test if it succeeds. */
export async function callError<Req, Res>(
  client: Client,
  method: Unary<Req, Res>,
  request: Req,
  metadata = new Metadata(),
): Promise<ServiceError> {
  try {
    const response = await call(client, method, request, metadata);
    throw new Error(`expected the call to fail, got ${JSON.stringify(response)}`);
  } catch (error) {
    if ((error as ServiceError).code === undefined) throw error;
    return error as ServiceError;
  }
}

export const trailer = (metadata: Metadata | undefined, key: string) => metadata?.get(key)[0]?.toString();
