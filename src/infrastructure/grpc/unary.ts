import type { handleUnaryCall, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import type { Logger } from '../logger';
import { toServiceError } from './error-mapper';

/** Adapts an async handler to grpc-js, sending any thrown error through the one error mapper. */
export function unary<Req, Res>(
  logger: Logger,
  handler: (request: Req) => Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
    handler(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toServiceError(error, logger)),
    );
  };
}
