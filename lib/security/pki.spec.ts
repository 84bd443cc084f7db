import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureAuthority, ensureIdentity, IdentityError, loadIdentity } from './identity-files';
import { signMessage, verifyMessage } from './message-signature';
import {
  createAuthority,
  identityOf,
  importPublicKey,
  issueCertificate,
  kafkaPrincipal,
  newSerial,
  verifyIssuedBy,
} from './pki';

const fields = {
  topic: 'codepix.transactions',
  key: 'E1111111120261201120000000000001',
  type: 'codepix.v1.TransferRequest',
  messageId: 'm-1',
  origin: '11111111',
  payload: Buffer.from('payload'),
};

describe('newSerial', () => {
  it('never starts with a zero byte, so a certificate reads its serial back as written', () => {
    // One serial in 128 used to start with 00: its certificate then carried no identity we recognise.
    for (let i = 0; i < 2_000; i++) expect(newSerial()).toMatch(/^[4-7][0-9a-f]{31}$/);
  });
});

describe('the certificate authority', () => {
  it('issues a bank certificate whose subject carries its ISPB and serial', async () => {
    const ca = await createAuthority();
    const authority = {
      certificatePem: ca.certificatePem,
      privateKey: createPrivateKey(ca.privateKeyPem),
    };
    const issued = await issueCertificate(authority, { role: 'bank', name: '11111111' });
    const certificate = new X509Certificate(issued.certificatePem);
    expect(identityOf(certificate)).toEqual({
      role: 'bank',
      name: '11111111',
      serial: issued.identity.serial,
    });
    expect(verifyIssuedBy(certificate, new X509Certificate(ca.certificatePem))).toBe(true);
    expect(kafkaPrincipal(issued.identity)).toBe(`User:bank-11111111-${issued.identity.serial}`);
  });

  it('signs a public key it was given, and refuses a bank without an ISPB', async () => {
    const ca = await createAuthority();
    const authority = {
      certificatePem: ca.certificatePem,
      privateKey: createPrivateKey(ca.privateKeyPem),
    };
    const other = await issueCertificate(authority, { role: 'operator' });
    const publicKeyPem = createPublicKey(other.privateKeyPem as string)
      .export({ format: 'pem', type: 'spki' })
      .toString();
    const issued = await issueCertificate(authority, {
      role: 'bank',
      name: '22222222',
      publicKey: await importPublicKey(publicKeyPem),
    });
    expect(issued.privateKeyPem).toBeUndefined();
    expect(
      new X509Certificate(issued.certificatePem).checkPrivateKey(
        createPrivateKey(other.privateKeyPem as string),
      ),
    ).toBe(true);
    await expect(issueCertificate(authority, { role: 'bank', name: '123' })).rejects.toThrow(/ISPB/);
  });

  it('does not take a certificate from another authority as one of its own', async () => {
    const [ours, theirs] = [await createAuthority(), await createAuthority()];
    const authority = {
      certificatePem: theirs.certificatePem,
      privateKey: createPrivateKey(theirs.privateKeyPem),
    };
    const forged = await issueCertificate(authority, { role: 'bank', name: '11111111' });
    expect(
      verifyIssuedBy(new X509Certificate(forged.certificatePem), new X509Certificate(ours.certificatePem)),
    ).toBe(false);
  });
});

describe('identity files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codepix-pki-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes private keys for their owner alone and loads a whole identity', async () => {
    const authority = await ensureAuthority(path.join(dir, 'ca'));
    const loaded = await ensureIdentity(authority, path.join(dir, 'hub'), {
      role: 'hub',
      hosts: ['localhost', '127.0.0.1'],
    });
    expect(fs.statSync(loaded.paths.key).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'ca', 'ca-key.pem')).mode & 0o777).toBe(0o600);
    expect(loaded.identity.role).toBe('hub');
    const again = await ensureIdentity(authority, path.join(dir, 'hub'), { role: 'hub' });
    expect(again.identity.serial).toBe(loaded.identity.serial);
  });

  it("refuses a key that is not the certificate's, naming the files and not their contents", async () => {
    const authority = await ensureAuthority(path.join(dir, 'ca'));
    const a = await ensureIdentity(authority, path.join(dir, 'a'), { role: 'bank', name: '11111111' });
    const b = await ensureIdentity(authority, path.join(dir, 'b'), { role: 'bank', name: '22222222' });
    const error = (() => {
      try {
        loadIdentity({ ...a.paths, key: b.paths.key });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(IdentityError);
    expect(error?.message).toContain(b.paths.key);
    expect(error?.message).not.toContain('PRIVATE KEY');
  });
});

describe('message signatures', () => {
  it('verify for the signed fields only', async () => {
    const authority = await ensureAuthority(fs.mkdtempSync(path.join(os.tmpdir(), 'codepix-sig-')));
    const issued = await issueCertificate(authority, { role: 'bank', name: '11111111' });
    const key = createPrivateKey(issued.privateKeyPem as string);
    const publicKey = new X509Certificate(issued.certificatePem).publicKey;
    const signature = signMessage(key, fields);
    expect(verifyMessage(publicKey, fields, signature)).toBe(true);
    for (const tampered of [
      { ...fields, payload: Buffer.from('payloae') },
      { ...fields, origin: '22222222' },
      { ...fields, topic: 'codepix.confirmations' },
      { ...fields, messageId: 'm-2' },
      { ...fields, type: 'codepix.v1.TransferReply' },
      { ...fields, key: 'E1111111120261201120000000000002' },
    ]) {
      expect(verifyMessage(publicKey, tampered, signature)).toBe(false);
    }
    expect(verifyMessage(publicKey, fields, 'not base64 at all')).toBe(false);
  });
});
