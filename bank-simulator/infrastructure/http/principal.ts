import type { FastifyRequest } from 'fastify';

/** Who a request is from, as the session check decided: the bank's operator, or one customer. */
export type Principal = { kind: 'operator' } | { kind: 'customer'; taxId: string };

/**
 * The customer a request speaks for, or undefined for the operator (and for an app built without the
 * session check, as the route tests build it): the operator sees every account.
 */
export function customerOf(request: FastifyRequest): string | undefined {
  const { principal } = request as FastifyRequest & { principal?: Principal };
  return principal?.kind === 'customer' ? principal.taxId : undefined;
}
