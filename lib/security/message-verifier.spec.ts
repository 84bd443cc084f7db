import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { signMessage } from './message-signature';
import {
  type SignedEnvelope,
  type Signer,
  type SignerLookup,
  signerOf,
  verifyEnvelope,
} from './message-verifier';
import { type Authority, createAuthority, identityOf, issueCertificate, type Role } from './pki';

/*
 * The decision on a message's signature, as a function of the message and of what the receiver's
 * lookup knows: real keys and certificates, an in-memory lookup.
 */

interface Holder {
  privateKey: KeyObject;
  signer: Signer;
}

async function authority(): Promise<Authority> {
  const made = await createAuthority();
  return { certificatePem: made.certificatePem, privateKey: createPrivateKey(made.privateKeyPem) };
}

async function holder(ca: Authority, role: Role, name?: string, days?: number): Promise<Holder> {
  const issued = await issueCertificate(ca, { role, name, days });
  const certificate = new X509Certificate(issued.certificatePem);
  const identity = identityOf(certificate);
  if (!identity) throw new Error('not one of ours');
  return {
    privateKey: createPrivateKey(issued.privateKeyPem as string),
    signer: signerOf(certificate, identity),
  };
}

const AZUL = '11111111';
const VERDE = '22222222';
let ca: Authority;
let azul: Holder;
let verde: Holder;
let hub: Holder;
let foreign: Holder;
let known: Map<string, Signer>;
const lookup: SignerLookup = async (serial) => known.get(serial);

beforeAll(async () => {
  ca = await authority();
  [azul, verde, hub] = await Promise.all([
    holder(ca, 'bank', AZUL),
    holder(ca, 'bank', VERDE),
    holder(ca, 'hub'),
  ]);
  foreign = await holder(await authority(), 'bank', AZUL);
});
beforeEach(() => {
  known = new Map([azul, verde, hub].map((h) => [h.signer.identity.serial, h.signer]));
});

const FIELDS = {
  topic: 'codepix.transactions',
  key: 'E11111111202611211430abcdefghijk',
  type: 'codepix.v1.TransferRequest',
  messageId: '2b0e3c6a-59a4-4d5c-9d6e-1f6f6c1b7a10',
  origin: AZUL,
  payload: Buffer.from([0x0a, 0x20, 0x45, 0x31]),
};

/**
 * A request from `origin`, signed by `by` (or unsigned) as a sender's relay would sign it; `change`
 * then alters the message as it travels.
 */
function message(
  by: Holder | undefined,
  origin = AZUL,
  change: Partial<SignedEnvelope> = {},
): SignedEnvelope {
  const fields = { ...FIELDS, origin };
  const signed = by && {
    signature: signMessage(by.privateKey, fields),
    signerSerial: by.signer.identity.serial,
  };
  return { ...fields, value: fields.payload, ...signed, ...change };
}

const verdict = (m: SignedEnvelope, expected: Role = 'bank') => verifyEnvelope(m, lookup, expected);

describe('verifyEnvelope', () => {
  it('believes a message signed by the bank it says it is from', async () => {
    expect(await verdict(message(azul))).toEqual({ signer: azul.signer.identity });
  });

  it('refuses an unsigned message, or one that names no signer', async () => {
    expect(await verdict(message(undefined))).toEqual({
      refused: expect.stringMatching(/^BAD_SIGNATURE: .*not signed/),
    });
    const nameless = message(azul, AZUL, { signerSerial: undefined });
    expect(await verdict(nameless)).toEqual({
      refused: expect.stringMatching(/^BAD_SIGNATURE: no codepix-signer/),
    });
    const odd = message(azul, AZUL, { signerSerial: 'DROP TABLE' });
    expect(await verdict(odd)).toEqual({ refused: expect.stringMatching(/^BAD_SIGNATURE: .*serial/) });
  });

  it('refuses a signature by a key the receiver never issued', async () => {
    const forged = message(foreign);
    expect(await verdict(forged)).toEqual({ refused: expect.stringMatching(/^BAD_SIGNATURE: .*unknown/) });
    // The forger names the real bank's certificate: its key does not make that certificate's signatures.
    const posing = { ...forged, signerSerial: azul.signer.identity.serial };
    expect(await verdict(posing)).toEqual({
      refused: expect.stringMatching(/^BAD_SIGNATURE: .*does not match/),
    });
  });

  it('refuses a message changed after it was signed', async () => {
    const signed = message(azul);
    const tampered = { ...signed, value: Buffer.from([0x0a, 0x20, 0x45, 0x32]) };
    expect(await verdict(tampered)).toEqual({
      refused: expect.stringMatching(/^BAD_SIGNATURE: .*does not match/),
    });
  });

  it('refuses a revoked or expired certificate', async () => {
    const serial = azul.signer.identity.serial;
    known.set(serial, { ...azul.signer, revokedAt: new Date('2026-11-30T12:00:00Z') });
    expect(await verdict(message(azul))).toEqual({
      refused: expect.stringMatching(/^BAD_SIGNATURE: .*revoked/),
    });
    known.set(serial, { ...azul.signer, validTo: Date.now() - 1 });
    expect(await verdict(message(azul))).toEqual({
      refused: expect.stringMatching(/^BAD_SIGNATURE: .*not valid now/),
    });
  });

  it('refuses a good signature by someone the message does not claim to be from', async () => {
    expect(await verdict(message(verde, AZUL))).toEqual({
      refused: `ORIGIN_MISMATCH: signed by ${VERDE}, but codepix-origin says ${AZUL}`,
    });
    expect(await verdict(message(hub, 'hub'))).toEqual({
      refused: 'ORIGIN_MISMATCH: signed by a hub certificate, not a bank one',
    });
    // A bank takes messages from the hub alone.
    expect(await verdict(message(azul), 'hub')).toEqual({
      refused: 'ORIGIN_MISMATCH: signed by a bank certificate, not a hub one',
    });
    expect(await verdict(message(hub, 'hub'), 'hub')).toEqual({ signer: hub.signer.identity });
  });

  it('lets a lookup that cannot tell throw, so the message waits instead of being condemned', async () => {
    const down: SignerLookup = async () => {
      throw new Error('connect ECONNREFUSED');
    };
    await expect(verifyEnvelope(message(azul), down, 'bank')).rejects.toThrow('ECONNREFUSED');
  });

  it('refuses any change to any signed field, whatever it is', async () => {
    const fields = ['topic', 'key', 'type', 'messageId', 'origin'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields, 'value' as const),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(3),
        async (field, text, at) => {
          const signed = message(azul);
          const changed: SignedEnvelope =
            field === 'value'
              ? { ...signed, value: Buffer.concat([Buffer.from(signed.value ?? []), Buffer.from([at])]) }
              : { ...signed, [field]: `${signed[field]}${text}` };
          const result = await verdict(changed);
          expect(result).toEqual({ refused: expect.stringMatching(/^(BAD_SIGNATURE|ORIGIN_MISMATCH): /) });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses signatures that are not ours: random bytes, another message, another signer', async () => {
    const signers = [azul, verde, hub, foreign];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.base64String({ maxLength: 96 }),
          fc.constant(signMessage(azul.privateKey, { ...FIELDS, messageId: 'another' })),
        ),
        fc.constantFrom(...signers),
        async (signature, by) => {
          const result = await verdict({
            ...message(azul),
            signature,
            signerSerial: by.signer.identity.serial,
          });
          if ('signer' in result)
            throw new Error(`believed a signature of ${signature} by ${by.signer.identity.name}`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
