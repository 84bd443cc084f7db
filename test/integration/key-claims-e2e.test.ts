import { operatorHeaders } from '../../stack/bank-http';
import type { HttpAnswer } from '../support/bank-harness';
import { run } from '../support/cli';
import { eventually } from '../support/kafka-probe';
import { DocumentedAnswers, type OpenApiDocument } from '../support/openapi-document';
import { AZUL, ana, joao, maria, pedro, transfersFixture, VERDE } from '../support/transfers-fixture';
import { vectors } from '../support/vectors';

/**
 * Key claims across the whole system: a bank's customer claims a key registered at another bank
 * through its bank's HTTP API, or through the CLI as the bank; the donor bank hears of it on its topic,
 * acknowledges it by itself, and its customer answers or lets the resolution period (short here) run
 * out. Both banks follow every step in their own records; a completed claim moved the key, so a Pix to
 * it reaches the claimer's account. Every bank answer is checked against the bank's OpenAPI document;
 * each test ends with I1-I6.
 */
const RESOLUTION_MS = 5_000;
const f = transfersFixture('claims', { CLAIM_RESOLUTION_MS: String(RESOLUTION_MS) });

let documented: DocumentedAnswers;

/** A bank's HTTP API as its operator, each answer checked against what its OpenAPI document says of it. */
async function bank(ispb: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpAnswer> {
  const response = await fetch(`${f.stack.bank(ispb).url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...operatorHeaders(f.stack.bank(ispb)) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: await response.json(),
  };
  documented ??= new DocumentedAnswers(
    (await (await fetch(`${f.stack.bank(ispb).url}/openapi.json`)).json()) as OpenApiDocument,
  );
  documented.expectDocumented(method, path, answer);
  return answer;
}

/** The claim as the bank records it for one of its accounts, once `accept` likes it. */
const recorded = (
  ispb: string,
  account: string,
  id: string,
  accept: (c: Record<string, string>) => boolean,
) =>
  eventually(async () => {
    const { body } = await bank(ispb, 'GET', `/accounts/${account}/claims`);
    const claim = (body.claims as Record<string, string>[]).find((c) => c.id === id);
    return claim && accept(claim) ? claim : undefined;
  }, 20_000);

/** The CLI at the hub, as bank `ispb` (its identity when security is on), in JSON. */
async function cli(ispb: string, ...args: string[]) {
  const identity = f.stack.security ? ['--identity', f.stack.identities.bankDir(ispb)] : [];
  return run(['--hub', f.stack.hubAddress, ...identity, 'key', 'claim', ...args, '--bank', ispb]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('key claims end to end', () => {
  it("moves a key by portability: claimed at the new bank, acknowledged and released by the old, a Pix then reaches the owner's new account", async () => {
    const key = 'maria.porta@example.com';
    expect(
      (await bank(AZUL, 'POST', `/accounts/${f.payer.number}/pix-keys`, { kind: 'email', key })).status,
    ).toBe(201);
    const atVerde = await f.stack.customer(VERDE, maria, 0n);
    const opened = await bank(VERDE, 'POST', `/accounts/${atVerde.number}/claims`, {
      kind: 'portability',
      key,
    });
    expect(opened).toMatchObject({
      status: 201,
      body: { kind: 'portability', status: 'open', key, claimer: { ispb: VERDE }, donor: { ispb: AZUL } },
    });
    const { id } = opened.body;
    // Azul heard of it and acknowledged it by itself; both banks hear of the acknowledgement.
    const donorSide = await recorded(AZUL, f.payer.number, id, (c) => c.status === 'waiting_resolution');
    expect(donorSide).toMatchObject({
      role: 'donor',
      counterpartyIspb: VERDE,
      resolutionEndsAt: expect.any(String),
    });
    await recorded(
      VERDE,
      atVerde.number,
      id,
      (c) => c.status === 'waiting_resolution' && c.role === 'claimer',
    );

    const confirmed = await bank(AZUL, 'POST', `/claims/${id}/confirm`, {});
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'confirmed', reason: 'USER_REQUESTED' } });
    // Only the claimer completes: Azul is refused with the hub's word for it.
    expect((await bank(AZUL, 'POST', `/claims/${id}/complete`)).status).toBe(403);
    expect((await bank(VERDE, 'POST', `/claims/${id}/complete`)).body.status).toBe('completed');
    await recorded(AZUL, f.payer.number, id, (c) => c.status === 'completed');
    await recorded(VERDE, atVerde.number, id, (c) => c.status === 'completed');
    const shown = await bank(AZUL, 'GET', `/claims/${id}`);
    expect(shown.body.history.map((h: { to: string; by: string }) => [h.to, h.by])).toEqual([
      ['open', `bank:${VERDE}`],
      ['waiting_resolution', `bank:${AZUL}`],
      ['confirmed', `bank:${AZUL}`],
      ['completed', `bank:${VERDE}`],
    ]);

    const sent = await f.send(f.payer, key, 250n);
    const credited = await f.finalState(VERDE, sent.body.endToEndId, 'incoming');
    expect(credited).toMatchObject({ status: 'completed', account: atVerde.number, amount: '250' });
  }, 90_000);

  it('takes a phone key by ownership through the CLI, once the period ran out unanswered', async () => {
    const phone = vectors.phone.valid[0];
    const holder = await f.stack.customer(AZUL, ana, 0n, { kind: 'phone', key: phone });
    const claimer = await f.stack.customer(VERDE, pedro, 0n);
    const account = ['--branch', '0001', '--account', claimer.number];
    const owner = ['--owner-name', pedro.ownerName, '--owner-tax-id', pedro.ownerTaxId];
    const opened = await cli(
      VERDE,
      'open',
      '--kind',
      'ownership',
      '--key',
      phone,
      ...account,
      ...owner,
      '--json',
    );
    expect(opened).toMatchObject({ code: 0, stderr: '' });
    const { id } = JSON.parse(opened.stdout);
    const waiting = await recorded(AZUL, holder.number, id, (c) => c.status === 'waiting_resolution');

    const early = await cli(VERDE, 'complete', id);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/^error: FAILED_PRECONDITION: /);
    await sleep(Math.max(0, Date.parse(waiting.resolutionEndsAt) - Date.now()) + 200);
    const completed = await cli(VERDE, 'complete', id, '--json');
    expect(JSON.parse(completed.stdout)).toMatchObject({ status: 'completed', reason: 'DEFAULT_OPERATION' });

    const listed = JSON.parse((await cli(AZUL, 'list', '--role', 'donor', '--key', phone, '--json')).stdout);
    expect(listed).toMatchObject([
      { id, status: 'completed', claimer: { ispb: VERDE, number: claimer.number } },
    ]);
    expect((await cli(AZUL, 'show', id)).stdout).toMatch(
      /waiting_resolution → completed +DEFAULT_OPERATION +bank:22222222/,
    );
    await recorded(
      AZUL,
      holder.number,
      id,
      (c) => c.status === 'completed' && c.reason === 'DEFAULT_OPERATION',
    );
    await recorded(VERDE, claimer.number, id, (c) => c.status === 'completed');
  }, 90_000);

  it("keeps a key with its owner when the donor's customer refuses an ownership claim: a Pix to it still lands there", async () => {
    const key = 'ana.mine@example.com';
    const holder = await f.stack.customer(AZUL, ana, 0n, { kind: 'email', key });
    const claimer = await f.stack.customer(VERDE, pedro, 0n);
    const opened = await bank(VERDE, 'POST', `/accounts/${claimer.number}/claims`, {
      kind: 'ownership',
      key,
    });
    expect(opened.status).toBe(201);
    const { id } = opened.body;
    await recorded(AZUL, holder.number, id, (c) => c.status === 'waiting_resolution');
    // The donor's customer proves the key is theirs: the claim ends, by the donor, for fraud.
    const refused = await bank(AZUL, 'POST', `/claims/${id}/cancel`, { reason: 'FRAUD' });
    expect(refused).toMatchObject({ status: 200, body: { status: 'cancelled', reason: 'FRAUD' } });
    await recorded(VERDE, claimer.number, id, (c) => c.status === 'cancelled' && c.reason === 'FRAUD');
    expect(await bank(VERDE, 'POST', `/claims/${id}/complete`)).toMatchObject({
      status: 422,
      body: { error: { code: 'CLAIM.INVALID_TRANSITION' } },
    });

    const sent = await f.send(f.payer, key, 300n);
    const credited = await f.finalState(AZUL, sent.body.endToEndId, 'incoming');
    expect(credited).toMatchObject({ status: 'completed', account: holder.number, amount: '300' });
  }, 60_000);

  it('refuses a claim on an evp key, of either kind, and leaves nothing for the donor to answer', async () => {
    const made = await bank(AZUL, 'POST', `/accounts/${f.payer.number}/pix-keys`, { kind: 'evp' });
    expect(made.status).toBe(201);
    const atVerde = await f.stack.customer(VERDE, maria, 0n);
    for (const kind of ['portability', 'ownership']) {
      const refused = await bank(VERDE, 'POST', `/accounts/${atVerde.number}/claims`, {
        kind,
        key: made.body.key,
      });
      expect(refused).toMatchObject({ status: 422, body: { error: { code: 'CLAIM.KEY_NOT_CLAIMABLE' } } });
    }
    const { body } = await bank(AZUL, 'GET', `/accounts/${f.payer.number}/claims`);
    expect(body.claims.filter((c: { key: string }) => c.key === made.body.key)).toEqual([]);
  }, 30_000);

  it('keeps a key where it is when the donor lets a portability run out: the hub cancels it, both banks hear', async () => {
    const key = 'joao.porta@example.com';
    await bank(VERDE, 'POST', `/accounts/${f.payee.number}/pix-keys`, { kind: 'email', key });
    const atAzul = await f.stack.customer(AZUL, joao, 0n);
    const opened = await bank(AZUL, 'POST', `/accounts/${atAzul.number}/claims`, {
      kind: 'portability',
      key,
    });
    const { id } = opened.body;
    await recorded(VERDE, f.payee.number, id, (c) => c.status === 'waiting_resolution');
    const ended = (c: Record<string, string>) => c.status === 'cancelled' && c.reason === 'DEFAULT_OPERATION';
    await recorded(AZUL, atAzul.number, id, ended);
    await recorded(VERDE, f.payee.number, id, ended);
    // The claimer can no longer take it.
    expect(await bank(AZUL, 'POST', `/claims/${id}/complete`)).toMatchObject({
      status: 422,
      body: { error: { code: 'CLAIM.INVALID_TRANSITION' } },
    });
  }, 60_000);
});
