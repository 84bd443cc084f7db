import type { FastifyInstance } from 'fastify';
import type { BankUseCases } from '../bank-use-cases';
import { databaseUnavailable } from '../http-errors';
import { errors, ref } from '../schemas';
import { summaryView } from '../views';

/** Serialized as it is: fast-json-stringify keeps every property. */
const anyObject = { type: 'object', additionalProperties: true };
const identity = { ispb: { type: 'string' }, name: { type: 'string' } };
const health = {
  description: 'the bank and its database answer',
  type: 'object',
  required: ['ispb', 'name', 'status'],
  properties: { ...identity, status: { type: 'string', enum: ['ok'] } },
};
const unhealthy = {
  description: 'the database did not answer `SELECT 1` within 1 s; with Retry-After',
  headers: { 'retry-after': { type: 'integer', minimum: 1 } },
  type: 'object',
  required: ['ispb', 'name', 'status', 'code', 'error'],
  properties: {
    ...identity,
    status: { type: 'string', enum: ['unavailable'] },
    code: { type: 'string', enum: ['DATABASE.UNAVAILABLE'] },
    error: ref('ErrorDetail'),
  },
};

const brand = {
  description: "the bank's name, ISPB and colour (#rrggbb), for its web app",
  type: 'object',
  required: ['ispb', 'name', 'color'],
  properties: { ...identity, color: { type: 'string', pattern: '^#[0-9a-f]{6}$' } },
};

/** Health, the bank's brand, the ledger summary, metrics and this API's own description. */
export function operationRoutes(app: FastifyInstance, u: BankUseCases): void {
  const tags = ['operations'];
  app.get(
    '/brand',
    {
      // Open: the login page wears the bank's colours before anyone has logged in.
      config: { public: true },
      schema: { tags, summary: "The bank's name and colour, for its web app", response: { 200: brand } },
    },
    async () => ({ ispb: u.ispb, name: u.name, color: u.color }),
  );
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "The bank's health: its own database",
        response: { 200: health, 503: unhealthy },
      },
    },
    async (_request, reply) => {
      const bank = { ispb: u.ispb, name: u.name };
      const down = await u.checkDatabase().then(
        () => false,
        () => true,
      );
      if (!down) return { ...bank, status: 'ok' };
      const { headers, body } = databaseUnavailable();
      reply.code(503).headers(headers ?? {});
      return { ...bank, status: 'unavailable', code: body.error.code, ...body };
    },
  );
  app.get(
    '/ledger/summary',
    {
      config: { access: 'operator' },
      schema: {
        tags,
        summary: 'Sums over the whole bank (for test tooling)',
        response: { 200: ref('LedgerSummary', 'the sums, strings of cents'), ...errors({}) },
      },
    },
    async () => summaryView(await u.queries.summary()),
  );
  app.get(
    '/metrics',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "The bank's Prometheus metrics",
        response: {
          200: {
            description: 'the Prometheus text format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          ...errors({}),
        },
      },
    },
    async (_request, reply) => {
      reply.header('content-type', u.metrics.contentType);
      return u.metrics.metrics();
    },
  );
  app.get(
    '/openapi.json',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'This OpenAPI document',
        response: {
          200: {
            description: 'OpenAPI 3.1, made from the schemas the bank validates and answers with',
            type: 'object',
            required: ['openapi', 'info', 'paths'],
            properties: { openapi: { type: 'string' }, info: anyObject, paths: anyObject },
            additionalProperties: true,
          },
        },
      },
    },
    async () => app.swagger(),
  );
}
