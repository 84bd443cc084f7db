import type { handleUnaryCall, Metadata, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { Logger } from '../../../lib/observability/logger';
import type { Caller } from '../../application/access';
import { ValidationError } from '../../domain';
import type { Authenticate } from './authenticate';
import { toServiceError } from './error-mapper';

/** A request whose bytes are not a message of the method's request type. */
class UndecodableRequest {
  constructor(readonly path: string) {}
}

interface MethodDefinition {
  path: string;
  requestDeserialize(bytes: Buffer): unknown;
}

/**
 * grpc-js answers INTERNAL, before any handler runs, when a request's bytes do not decode. A service
 * added through this wrapper hands such a request to `unary` instead, which answers INVALID_ARGUMENT
 * (field `request`, code REQUEST.MALFORMED) like any other bad input.
 */
export function decodeRequestsSafely<S extends Record<string, MethodDefinition>>(service: S): S {
  const methods = Object.entries(service).map(([name, method]) => [
    name,
    {
      ...method,
      requestDeserialize: (bytes: Buffer) => {
        try {
          return method.requestDeserialize(bytes);
        } catch {
          return new UndecodableRequest(method.path);
        }
      },
    },
  ]);
  return Object.fromEntries(methods) as S;
}

/** What every handler of the hub's gRPC door shares: who the caller is, and where errors are logged. */
export interface Door {
  logger: Logger;
  authenticate: Authenticate;
}

/**
 * Adapts an async handler to grpc-js: the caller is authenticated first (nothing of the request is
 * looked at before), and any thrown error goes through the one error mapper.
 */
export function unary<Req, Res>(
  door: Door,
  handler: (request: Req, caller: Caller, metadata: Metadata) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  const { logger } = door;
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    const request: unknown = call.request;
    const handled = door
      .authenticate(call)
      .then((caller) =>
        request instanceof UndecodableRequest
          ? Promise.reject(
              new ValidationError(
                'request',
                `is not a valid protobuf request for ${request.path}`,
                'REQUEST.MALFORMED',
              ),
            )
          : handler(call.request, caller, call.metadata),
      );
    handled.then(
      (response) => callback(null, response),
      (error: unknown) => callback(toServiceError(error, logger)),
    );
  };
}
