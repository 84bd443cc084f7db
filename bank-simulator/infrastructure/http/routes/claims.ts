import type { FastifyInstance } from 'fastify';
import { CLAIM_KINDS } from '../../../../src/domain';
import type { Access } from '../access';
import type { BankUseCases } from '../bank-use-cases';
import { emptyBodyIsEmptyObject } from '../json-body';
import { accountParams, claimParams, errors, listOf, ref } from '../schemas';
import { accountClaimView, claimView } from '../views';

type Body = Record<string, unknown>;
type OfClaim = { Params: { id: string } };

const BAD_FIELD = 'a bad field, named in `field` (the hub names its own)';
const NO_CLAIM = 'no such claim at the hub (CLAIM.NOT_FOUND), also for an id that is not a UUID';
const NOT_PARTY = 'this bank may not take the step, or is not party to the claim (CLAIM.NOT_PERMITTED, ...)';
const NOT_NOW = "the claim's state does not allow the step now (CLAIM.INVALID_TRANSITION, ...)";

const newClaim = {
  type: 'object',
  required: ['kind', 'key'],
  properties: {
    kind: {
      type: 'string',
      enum: CLAIM_KINDS,
      description:
        'portability: the owner moves the key here; ownership: the customer claims a key another holds',
    },
    key: { type: 'string', description: 'a phone, email, CPF or CNPJ key registered at another account' },
  },
};
const reasoned = (reasons: string[], description: string) => ({
  type: 'object',
  properties: { reason: { type: 'string', enum: reasons, default: 'USER_REQUESTED', description } },
});

/** Key claims: opened by this bank for a customer, answered by it for another's, as the hub runs them. */
export function claimRoutes(app: FastifyInstance, u: BankUseCases): void {
  const tags = ['claims'];
  app.post<{ Params: { number: string }; Body: Body }>(
    '/accounts/:number/claims',
    {
      config: { access: 'account' },
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        summary: 'Claims a key at the hub for the account (this bank is the claimer)',
        params: accountParams,
        body: newClaim,
        response: {
          201: ref('Claim', 'the claim, open: the donor bank now has to answer'),
          ...errors({
            400: BAD_FIELD,
            404: 'no such account, or no active key of that value (PIX_KEY.NOT_FOUND)',
            409: 'the key has an open claim already (CLAIM.ALREADY_OPEN)',
            422: 'the account is closed, or the hub refuses the claim (CLAIM.KEY_NOT_CLAIMABLE, ...)',
          }),
        },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return claimView(await u.openClaim.execute(request.params.number, request.body));
    },
  );
  app.get<{ Params: { number: string } }>(
    '/accounts/:number/claims',
    {
      config: { access: 'account' },
      schema: {
        tags,
        summary: 'The claims the account is party to, as this bank last heard of them, newest first',
        params: accountParams,
        response: {
          200: listOf('claims', 'AccountClaim', "the account's claims, each with its side"),
          ...errors({ 404: 'no such account (ACCOUNT.NOT_FOUND)' }),
        },
      },
    },
    async (request) => {
      const { number } = request.params;
      return { claims: (await u.queries.claims(number)).map((claim) => accountClaimView(claim, number)) };
    },
  );
  app.get<OfClaim>(
    '/claims/:id',
    {
      config: { access: 'claim' },
      schema: {
        tags,
        summary: 'A claim as the hub has it, with its history',
        params: claimParams,
        response: {
          200: ref('Claim', 'the claim and every step it took'),
          ...errors({ 403: NOT_PARTY, 404: NO_CLAIM }),
        },
      },
    },
    async (request) => claimView(await u.claimSteps.get(request.params.id), true),
  );
  const step = (
    path: string,
    summary: string,
    access: Access,
    run: (id: string, body: Body) => ReturnType<BankUseCases['claimSteps']['complete']>,
    body?: object,
  ) =>
    app.post<OfClaim & { Body: Body }>(
      `/claims/:id/${path}`,
      {
        config: { access },
        preValidation: emptyBodyIsEmptyObject,
        schema: {
          tags,
          summary,
          params: claimParams,
          ...(body && { body }),
          response: {
            200: ref('Claim', 'the claim after the step, as the hub answered'),
            ...errors({ 400: BAD_FIELD, 403: NOT_PARTY, 404: NO_CLAIM, 422: NOT_NOW }),
          },
        },
      },
      async (request) => claimView(await run(request.params.id, request.body)),
    );
  step(
    'confirm',
    "As donor: the customer releases the key to the claimer's bank",
    'claim-as-donor',
    (id, body) => u.claimSteps.confirm(id, body),
    reasoned(['USER_REQUESTED', 'ACCOUNT_CLOSURE'], 'why the key is released'),
  );
  step(
    'cancel',
    'Ends the claim; the key stays where it is',
    'claim',
    (id, body) => u.claimSteps.cancel(id, body),
    reasoned(['USER_REQUESTED', 'FRAUD'], 'why the claim ends (the donor of a portability: USER_REQUESTED)'),
  );
  step('complete', 'As claimer: the key now points to the customer’s account', 'claim-as-claimer', (id) =>
    u.claimSteps.complete(id),
  );
}
