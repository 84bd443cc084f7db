import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Histogram } from 'prom-client';
import type { Logger } from '../../../lib/observability/logger';
import { HTTP_BODY_BYTES_MAX } from '../../../src/domain';
import { authorise, describeAccess, SECURITY_SCHEMES } from './access';
import { authenticate, type BankCredentials } from './auth';
import type { BankUseCases } from './bank-use-cases';
import { answerClientError } from './client-errors';
import { type ErrorReply, HttpInputError, toErrorReply } from './http-errors';
import { readBodiesAsJson } from './json-body';
import { accountRoutes } from './routes/accounts';
import { brCodeRoutes } from './routes/br-codes';
import { claimRoutes } from './routes/claims';
import { eventRoutes } from './routes/events';
import { operationRoutes } from './routes/operations';
import { sessionRoutes } from './routes/session';
import { transferRoutes } from './routes/transfers';
import { schemaRefusal } from './schema-refusals';
import { addSharedSchemas } from './schemas';
import { serveWebApp } from './web-app';

export interface BankAppOptions {
  useCases: BankUseCases;
  /** The operator token and the session signer every request but a public route's is checked with. */
  credentials: BankCredentials;
  logger: Logger;
  /** Times every request, by method, route pattern and status. */
  timing?: Histogram<'method' | 'route' | 'status'>;
  /** How often GET /events writes a heartbeat comment; 15 s unless a test wants it sooner. */
  eventsHeartbeatMs?: number;
  /** Serve the bank's web app (built into dist/web/bank) at `/`; off for tests of the API alone. */
  webApp?: boolean;
}

/** How the metrics name a request that matched no route. */
const UNROUTED = '(unrouted)';
/** Node's own defaults, which fastify would otherwise turn off: a request gets 5 minutes to arrive. */
const REQUEST_TIMEOUT_MS = 300_000;

const answer = (reply: FastifyReply, { status, headers, body }: ErrorReply) =>
  reply
    .code(status)
    .headers(headers ?? {})
    .send(body);

function routeNotFound(request: FastifyRequest): HttpInputError {
  return new HttpInputError(404, 'ROUTE.NOT_FOUND', `no route ${request.url.split('?')[0]}`);
}

/**
 * Every method fastify knows that a path does not serve answers 405 with Allow, before its body is
 * read; the routes are hidden from the OpenAPI document.
 */
function answerOtherMethods(app: FastifyInstance, served: Map<string, Set<string>>): void {
  for (const [url, methods] of served) {
    const allow = [...methods].join(', ');
    app.route({
      method: app.supportedMethods.filter((method) => !methods.has(method)),
      url,
      schema: { hide: true },
      // Told to anyone: which methods a path serves is no secret (the OpenAPI document says as much).
      config: { public: true },
      onRequest: (request, _reply, done) =>
        done(
          new HttpInputError(405, 'REQUEST.METHOD_NOT_ALLOWED', `${request.method} not allowed`, undefined, {
            allow,
          }),
        ),
      handler: async () => undefined,
    });
  }
}

/**
 * The bank's HTTP API on fastify, ready to listen: JSON schemas validate every request and serialize
 * every answer, and describe the API at GET /openapi.json. Nothing is logged per request (fastify's
 * own logger is off); errors become the API's one error shape in toErrorReply.
 */
export async function buildBankApp(opts: BankAppOptions): Promise<FastifyInstance> {
  const { logger, timing } = opts;
  const app = Fastify({
    bodyLimit: HTTP_BODY_BYTES_MAX,
    keepAliveTimeout: 65_000,
    requestTimeout: REQUEST_TIMEOUT_MS,
    // While it stops, the bank still answers what reaches it, as before fastify: no bare 503 of its own.
    return503OnClosing: false,
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: {
      customOptions: {
        // A JSON body keeps its types: a number is not an account number, nor `true` an amount.
        coerceTypes: false,
        useDefaults: false,
        removeAdditional: false,
        allowUnionTypes: true,
        // So a refusal can say what a field must be (its schema's description).
        verbose: true,
      },
    },
    schemaErrorFormatter: schemaRefusal,
    frameworkErrors: (error, _request, reply) => answer(reply, toErrorReply(error, logger)),
    clientErrorHandler: answerClientError,
  });
  app.setErrorHandler((error, _request, reply) => answer(reply, toErrorReply(error, logger)));
  app.setNotFoundHandler(async (request) => {
    throw routeNotFound(request);
  });
  // Before any body is read: a request for no route is answered 404 whatever it carries.
  app.addHook('onRequest', (request, _reply, done) =>
    done(request.is404 ? routeNotFound(request) : undefined),
  );
  if (timing) {
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.is404 ? UNROUTED : (request.routeOptions.url ?? UNROUTED);
      timing.observe({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
      done();
    });
  }
  authenticate(app, opts.credentials);
  authorise(app, opts.useCases.customerAccess);
  readBodiesAsJson(app);
  addSharedSchemas(app);
  describeAccess(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'CodePix simulated bank',
        version: '1',
        description:
          'A simulated bank of the CodePix hub: accounts, Pix keys, key claims and transfers (docs/bank-api.md)',
      },
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    // Shared schemas appear under their own $id in components/schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });

  // The methods each path serves, as the routes are added (onRoute runs as each one is).
  const served = new Map<string, Set<string>>();
  let collecting = true;
  app.addHook('onRoute', (route) => {
    if (!collecting) return;
    const methods = served.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    served.set(route.url, methods);
  });
  operationRoutes(app, opts.useCases);
  sessionRoutes(app, opts.useCases, opts.credentials);
  accountRoutes(app, opts.useCases);
  transferRoutes(app, opts.useCases);
  brCodeRoutes(app, opts.useCases);
  claimRoutes(app, opts.useCases);
  eventRoutes(app, opts.useCases, opts.eventsHeartbeatMs);
  collecting = false;
  answerOtherMethods(app, served);
  // After the API's routes are counted: a page's GET is no method of theirs to refuse.
  if (opts.webApp) await serveWebApp(app);
  await app.ready();
  return app;
}
