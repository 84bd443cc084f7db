import type { Socket } from 'node:net';

interface ClientErrorAnswer {
  status: number;
  reason: string;
  code: string;
  message: string;
  field: string;
}
const MALFORMED: ClientErrorAnswer = {
  status: 400,
  reason: 'Bad Request',
  code: 'REQUEST.MALFORMED',
  message: 'not a valid HTTP/1.1 request',
  field: 'request',
};
const CLIENT_ERRORS: Record<string, ClientErrorAnswer> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'REQUEST.HEADERS_TOO_LARGE',
    message: 'headers over 16 KiB',
    field: 'headers',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'REQUEST.TIMEOUT',
    message: 'the request did not arrive in time',
    field: 'request',
  },
};

/**
 * What node:http could not even parse (fastify's clientErrorHandler), answered in the API's JSON
 * error shape; the connection closes. A connection the client already reset gets nothing.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return;
  const { status, reason, code, message, field } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  const json = JSON.stringify({ error: { code, message, field } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(json)}\r\nconnection: close\r\n\r\n${json}`,
  );
}
