import type { FastifyInstance } from 'fastify';
import { HttpInputError } from './http-errors';

/**
 * Where (`description`, `a.b`, `a[0]`) the first NUL character of a JSON body is, if any. The bank's
 * database cannot store one in text, so no field may carry it. Iterative: a body may nest deeply.
 */
function nulAt(body: object): string | undefined {
  const pending: [unknown, string][] = [[body, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, at] = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return at;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        // An empty key still gets a name: the answer must say where the NUL is.
        const name = key === '' ? '""' : key;
        const path = Array.isArray(value) ? `${at}[${key}]` : at ? `${at}.${name}` : name;
        if (key.includes('\u0000')) return path;
        pending.push([item, path]);
      }
    }
  }
  return undefined;
}

function checked(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpInputError(400, 'REQUEST.INVALID_JSON', 'body must be a JSON object', 'body');
  }
  const field = nulAt(body);
  if (field !== undefined) {
    throw new HttpInputError(
      400,
      'VALIDATION.INVALID_FIELD',
      `${field}: must not contain NUL characters`,
      field,
    );
  }
  return body as Record<string, unknown>;
}

/** Fastify's parser says only that it refused; a body JSON.parse takes was refused for a poisoned key. */
function invalidJson(text: string): HttpInputError {
  let poisoned = true;
  try {
    JSON.parse(text);
  } catch {
    poisoned = false;
  }
  const message = poisoned
    ? 'body must not have a __proto__ or constructor.prototype key'
    : 'body is not valid JSON';
  return new HttpInputError(400, 'REQUEST.INVALID_JSON', message, 'body');
}

/**
 * Every body is read as JSON, whatever its Content-Type says, and must be an object (`{}` when empty).
 * Fastify's own JSON parser does the parsing, so `__proto__` and `constructor.prototype` keys are
 * refused as they are at any fastify door.
 */
export function readBodiesAsJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, raw, done) => {
    const text = (raw as string).trim();
    if (text === '') {
      done(null, {});
      return;
    }
    parseJson(request, text, (parseError, parsed) => {
      let body: Record<string, unknown> | undefined;
      let refusal: Error | null = null;
      if (parseError) refusal = invalidJson(text);
      else {
        try {
          body = checked(parsed);
        } catch (error) {
          refusal = error as Error;
        }
      }
      done(refusal, body);
    });
  });
}

/**
 * A POST that comes with no body at all (no Content-Type, no Content-Length) is never parsed: it gets
 * `{}` too, so its schema and use case see the same empty object as for an empty body.
 */
export function emptyBodyIsEmptyObject(request: { body: unknown }, _reply: unknown, done: () => void): void {
  if (request.body === undefined) request.body = {};
  done();
}

/** `?status=` means no filter: an empty query parameter counts as absent. */
export function emptyQueryIsAbsent(request: { query: unknown }, _reply: unknown, done: () => void): void {
  const query = request.query as Record<string, unknown>;
  for (const name of Object.keys(query)) if (query[name] === '') delete query[name];
  done();
}
