import { status } from '@grpc/grpc-js';
import {
  identityPaths,
  type LoadedIdentity,
  loadIdentity,
  writeIdentity,
} from '../lib/security/identity-files';
import { newKeyPair } from '../lib/security/pki';
import type { Bank } from '../src/gen/codepix/v1/bank';
import { HubError } from './errors';
import type { HubClient } from './hub-client';

/**
 * Registers a bank and issues its identity into `dir`: the key pair is made here and only the public
 * key goes to the hub, which answers with the certificate. With `again: 'keep'` a bank the hub has
 * already, and a valid identity already in `dir`, are kept, so running it again changes nothing; by
 * default a taken ISPB is refused (ALREADY_EXISTS).
 */
export async function enrolBank(
  hub: HubClient,
  bank: { ispb: string; name: string },
  dir: string,
  caPem: Buffer,
  again: 'refuse' | 'keep' = 'refuse',
): Promise<{ bank: Bank; identity: LoadedIdentity; issued: boolean }> {
  const registered = await hub.registerBank(bank).catch(async (error) => {
    const taken = error instanceof HubError && error.code === status.ALREADY_EXISTS;
    if (!taken || again === 'refuse') throw error;
    return (await hub.listBanks()).find((b) => b.ispb === bank.ispb) as Bank;
  });
  const current = await usable(hub, dir, bank.ispb);
  if (current) return { bank: registered, identity: current, issued: false };
  const keys = await newKeyPair();
  const certificate = await hub.issueCertificate({ ispb: bank.ispb, publicKeyPem: keys.publicKeyPem });
  writeIdentity(dir, {
    privateKeyPem: keys.privateKeyPem,
    certificatePem: certificate.certificatePem,
    caPem: caPem.toString(),
  });
  return { bank: registered, identity: loadIdentity(identityPaths(dir), 'bank'), issued: true };
}

/** The identity in `dir`, if it is this bank's, not expiring within a day and not revoked at the hub. */
async function usable(hub: HubClient, dir: string, ispb: string): Promise<LoadedIdentity | undefined> {
  let identity: LoadedIdentity;
  try {
    identity = loadIdentity(identityPaths(dir), 'bank');
  } catch {
    return undefined;
  }
  if (identity.identity.name !== ispb) return undefined;
  if (new Date(identity.certificate.validTo).getTime() < Date.now() + 86_400_000) return undefined;
  const known = (await hub.listCertificates(ispb)).find((c) => c.serial === identity.identity.serial);
  return known && !known.revokedAt ? identity : undefined;
}
