import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ChannelCredentials, credentials } from '@grpc/grpc-js';
import { channelCredentials } from '../../lib/security/client-credentials';
import {
  authorityPaths,
  ensureAuthority,
  ensureIdentity,
  identityPaths,
  type LoadedIdentity,
  loadAuthority,
  loadIdentity,
  pkiLayout,
} from '../../lib/security/identity-files';
import { loadConfig } from '../../src/infrastructure/config/config';

/**
 * The run's identities, made by global-setup under CODEPIX_PKI: the authority, the hub, the operator
 * and the broker. A bank's identity is issued on first use, straight from the authority (as the CLI's
 * `bank register` would have the hub do), and shared by every test file of the run.
 */
export const testPki = () => pkiLayout(loadConfig().security.pkiDir);

export const securityOn = () => loadConfig().security.enabled;

export const operatorIdentity = (): LoadedIdentity =>
  loadIdentity(identityPaths(testPki().operator), 'operator');

const banks = new Map<string, Promise<LoadedIdentity>>();

export function bankIdentity(ispb: string): Promise<LoadedIdentity> {
  let identity = banks.get(ispb);
  if (!identity) {
    const layout = testPki();
    identity = ensureIdentity(loadAuthority(layout.authority), layout.bank(ispb), {
      role: 'bank',
      name: ispb,
    });
    banks.set(ispb, identity);
  }
  return identity;
}

/** How the operator dials a test hub; plaintext with security off. */
export const operatorCredentials = (): ChannelCredentials =>
  channelCredentials(securityOn() ? operatorIdentity() : undefined);

export async function bankCredentials(ispb: string): Promise<ChannelCredentials> {
  return channelCredentials(securityOn() ? await bankIdentity(ispb) : undefined);
}

/** The authority's certificate, for a client that trusts the hub but shows no certificate of its own. */
export const testPkiCa = () => fs.readFileSync(authorityPaths(testPki().authority).cert);

/**
 * A bank certificate from another authority, for the same ISPB: what a forger could make. The hub's
 * own certificate is still trusted, so the connection is made and only the identity is refused.
 */
export async function foreignCredentials(ispb = '11111111'): Promise<ChannelCredentials> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codepix-forger-'));
  const forged = await ensureIdentity(await ensureAuthority(path.join(dir, 'ca')), path.join(dir, 'bank'), {
    role: 'bank',
    name: ispb,
  });
  return credentials.createSsl(testPkiCa(), forged.key, forged.cert);
}

/** A client that trusts the hub but shows no certificate (plaintext with security off). */
export const anonymousCredentials = (): ChannelCredentials =>
  securityOn() ? credentials.createSsl(testPkiCa()) : credentials.createInsecure();
