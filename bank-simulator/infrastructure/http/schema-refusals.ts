import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';
import { ValidationError } from '../../../src/domain';
import { AccountNotFoundError, ClaimNotFoundError, TransferNotFoundError } from '../../domain';

type SchemaErrorFormatter = NonNullable<FastifyServerOptions['schemaErrorFormatter']>;
/** Which part of the request failed its schema: body, headers, params or querystring. */
type SchemaErrorDataVar = Parameters<SchemaErrorFormatter>[1];

/** What ajv says of a failed check, with `verbose` on: the value and the schema that refused it. */
interface SchemaFailure extends FastifySchemaValidationError {
  data?: unknown;
  parentSchema?: { description?: string };
}

/** Headers arrive lower-cased; a refusal names them as the docs write them. */
const HEADER_NAMES: Record<string, string> = { 'idempotency-key': 'Idempotency-Key' };

/**
 * A path segment that cannot be an account number, an end-to-end id or a claim id names nothing: 404,
 * as for an unknown one (docs/bank-api.md), not a 400 about the path.
 */
const NAMES_NOTHING: Record<string, (value: string) => Error> = {
  number: (value) => new AccountNotFoundError(value),
  endToEndId: (value) => new TransferNotFoundError(value),
  id: (value) => new ClaimNotFoundError(value),
};

/** Keywords whose refusal reads best as "must be <the schema's description>". */
const DESCRIBED = new Set(['pattern', 'minimum', 'maximum', 'format', 'minLength', 'maxLength']);

const unescapePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** `amount`, `a.b`, `a[0]`: the field as a refusal names it (the same way a NUL character's is). */
function fieldOf(failure: SchemaFailure, dataVar: SchemaErrorDataVar): string {
  const path = failure.instancePath.split('/').slice(1).map(unescapePointer);
  if (failure.keyword === 'required') path.push(String(failure.params.missingProperty));
  const field = path.reduce(
    (at, segment) => (at === '' ? segment : /^\d+$/.test(segment) ? `${at}[${segment}]` : `${at}.${segment}`),
    '',
  );
  if (field === '') return dataVar === 'querystring' ? 'query' : dataVar;
  return dataVar === 'headers' ? (HEADER_NAMES[field] ?? field) : field;
}

function phrase(failure: SchemaFailure): string {
  if (failure.keyword === 'required') return 'is required';
  if (failure.keyword === 'type') return `must be ${String(failure.params.type).split(',').join(' or ')}`;
  if (failure.keyword === 'enum') {
    return `must be one of ${(failure.params.allowedValues as unknown[]).join(', ')}`;
  }
  const description = failure.parentSchema?.description;
  if (description && DESCRIBED.has(failure.keyword)) return `must be ${description}`;
  return failure.message ?? 'is not valid';
}

/**
 * Fastify's schemaErrorFormatter: the first schema failure of a request becomes the error the use
 * cases would have thrown, a ValidationError naming the field (400 VALIDATION.INVALID_FIELD), so a
 * refusal looks the same whichever check made it; fastify's own message format never leaks out.
 */
export const schemaRefusal: SchemaErrorFormatter = (errors, dataVar) => {
  const failure = errors[0] as SchemaFailure;
  const field = fieldOf(failure, dataVar);
  const namesNothing = dataVar === 'params' ? NAMES_NOTHING[field] : undefined;
  if (namesNothing) return namesNothing(String(failure.data ?? ''));
  return new ValidationError(field, phrase(failure));
};
