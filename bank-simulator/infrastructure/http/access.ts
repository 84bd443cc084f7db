import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../../lib/security/session-token';
import type { CustomerAccess } from '../../application/customer-access';
import type { TransferDirection } from '../../domain';
import { principalOf } from './auth';
import { ref } from './schemas';

/**
 * The rule a route's `config.access` names (docs/bank-api.md lists each route's):
 * - `operator`: the bank's operator only; `customer`: a logged-in customer only;
 * - `account`: the account the request names (`:number`, `fromAccount` or `?account=`) is theirs;
 * - `transfer`: a side of `:endToEndId` is theirs (the asked `?direction=`, else theirs);
 *   `refunded-transfer`: its incoming side, what a refund pays back from;
 * - `claim`, `claim-as-claimer`, `claim-as-donor`: their account is on that side of `:id`;
 * - `charge`: `:txid` was made for their account.
 */
export type Access =
  | 'operator'
  | 'customer'
  | 'account'
  | 'transfer'
  | 'refunded-transfer'
  | 'claim'
  | 'claim-as-claimer'
  | 'claim-as-donor'
  | 'charge';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call it, beyond having a principal at all; absent, any principal may. */
    access?: Access;
  }
}

type Named = { number?: string; endToEndId?: string; id?: string; txid?: string };
type Rule = (request: FastifyRequest, access: CustomerAccess) => Promise<unknown> | unknown;

const params = (request: FastifyRequest) => request.params as Named;
const query = (request: FastifyRequest) =>
  request.query as { account?: string; direction?: TransferDirection };
const accountNamed = (request: FastifyRequest) =>
  params(request).number ??
  (request.body as { fromAccount?: string } | undefined)?.fromAccount ??
  query(request).account;

/** Decided on the principal alone: before the body is read. */
const EARLY: Partial<Record<Access, Rule>> = {
  operator: (request, a) => a.operator(principalOf(request)),
  customer: (request, a) => a.customer(principalOf(request)),
};

/** Decided on what the request names: once its parameters and body have passed their schemas. */
const LATE: Partial<Record<Access, Rule>> = {
  account: async (request, a) => {
    const number = accountNamed(request);
    if (number !== undefined) await a.account(principalOf(request), number);
  },
  transfer: async (request, a) => {
    const asked = query(request).direction;
    const side = await a.transfer(principalOf(request), params(request).endToEndId ?? '', asked);
    // A customer who asked for no side reads their own: the incoming one, when only that is theirs.
    if (side) query(request).direction = side;
  },
  'refunded-transfer': (request, a) =>
    a.transfer(principalOf(request), params(request).endToEndId ?? '', 'incoming'),
  claim: (request, a) => a.claim(principalOf(request), params(request).id ?? '', 'either'),
  'claim-as-claimer': (request, a) => a.claim(principalOf(request), params(request).id ?? '', 'claimer'),
  'claim-as-donor': (request, a) => a.claim(principalOf(request), params(request).id ?? '', 'donor'),
  charge: (request, a) => a.charge(principalOf(request), params(request).txid ?? ''),
};

/** Each route's access rule, checked in one place for every route (after authenticate's hook). */
export function authorise(app: FastifyInstance, access: CustomerAccess): void {
  const check = (rules: Partial<Record<Access, Rule>>) => async (request: FastifyRequest) => {
    const rule = request.routeOptions.config.access;
    if (rule && !request.routeOptions.config.public) await rules[rule]?.(request, access);
  };
  app.addHook('onRequest', check(EARLY));
  app.addHook('preHandler', check(LATE));
}

/** Why a route answers 403, by its rule; the rules not listed answer 404 for what is not the caller's. */
const FORBIDDEN: Partial<Record<Access, string>> = {
  operator: "a customer asked for the operator's work (AUTH.FORBIDDEN)",
  customer: 'the operator asked for what only a customer has (AUTH.FORBIDDEN)',
  account: 'the account is not the customer’s, or no account has the number (AUTH.FORBIDDEN)',
};

/** The OpenAPI security schemes of SECURITY; `Authorization: Bearer` wins when both come. */
export const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'the operator token, or a session token from POST /session',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'the session cookie POST /session sets',
  },
} as const;

/**
 * Each route's security in the OpenAPI document, as authenticate and authorise apply it: none for a
 * public route; else a bearer token or the cookie, the 401 of a missing one and the 403 of its rule.
 * Registered before @fastify/swagger, so the document reads the routes as this leaves them.
 */
export function describeAccess(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { hide?: boolean; security?: unknown; response?: object } | undefined;
    if (!schema || schema.hide) return;
    const { public: open, access } = route.config ?? {};
    if (open) {
      schema.security = [];
      return;
    }
    schema.security = [{ bearer: [] }, { session: [] }];
    const forbidden = access && FORBIDDEN[access];
    schema.response = {
      401: ref('Error', 'no credential, or an expired, forged or unknown one (AUTH.REQUIRED)'),
      ...(forbidden && { 403: ref('Error', forbidden) }),
      ...schema.response,
    };
  });
}
