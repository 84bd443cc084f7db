import { createPrivateKey, X509Certificate } from 'node:crypto';
import { type Authority, createAuthority, type IssueOptions, issueCertificate } from '../../lib/security/pki';
import { HubCertificates } from './hub-certificates';

/** What a bank believes of the certificates the hub (or whoever answers for it) hands it by serial. */

async function authority(): Promise<Authority> {
  const made = await createAuthority();
  return { certificatePem: made.certificatePem, privateKey: createPrivateKey(made.privateKeyPem) };
}

const issue = async (ca: Authority, opts: IssueOptions) => {
  const issued = await issueCertificate(ca, opts);
  return { pem: issued.certificatePem, serial: issued.identity.serial };
};

let ca: Authority;
let authorityCertificate: X509Certificate;
beforeAll(async () => {
  ca = await authority();
  authorityCertificate = new X509Certificate(ca.certificatePem);
});

/** A HubCertificates whose fetch answers from `table` and counts its calls. */
function certificates(table: Map<string, string>) {
  const calls: string[] = [];
  const hub = new HubCertificates(async (serial) => {
    calls.push(serial);
    return table.get(serial);
  }, authorityCertificate);
  return { hub, calls };
}

describe('HubCertificates', () => {
  it("believes the hub's certificate from the bank's authority, and fetches it once", async () => {
    const { pem, serial } = await issue(ca, { role: 'hub' });
    const { hub, calls } = certificates(new Map([[serial, pem]]));
    const [first, second] = await Promise.all([hub.find(serial), hub.find(serial)]);
    expect(first?.identity).toEqual({ role: 'hub', name: 'hub', serial });
    expect(second).toBe(first);
    expect(await hub.find(serial)).toBe(first);
    expect(calls).toEqual([serial]);
  });

  it('believes nothing else: a bank, another authority, another serial, an expired certificate, garbage', async () => {
    const bank = await issue(ca, { role: 'bank', name: '11111111' });
    const foreign = await issue(await authority(), { role: 'hub' });
    const genuine = await issue(ca, { role: 'hub' });
    const expired = await issue(ca, { role: 'hub', days: 1, now: new Date(Date.now() - 3 * 86_400_000) });
    const table = new Map([
      [bank.serial, bank.pem],
      [foreign.serial, foreign.pem],
      ['0abc', genuine.pem],
      [expired.serial, expired.pem],
      ['0def', 'not a certificate'],
    ]);
    const { hub, calls } = certificates(table);
    for (const serial of table.keys()) expect(await hub.find(serial)).toBeUndefined();
    expect(await hub.find('0123')).toBeUndefined(); // the hub has none by that serial
    // Nothing was kept: asking again asks again.
    await hub.find(bank.serial);
    expect(calls.filter((s) => s === bank.serial)).toHaveLength(2);
  });

  it('lets a hub out of reach throw, and asks again next time', async () => {
    const { pem, serial } = await issue(ca, { role: 'hub' });
    let up = false;
    const hub = new HubCertificates(async () => {
      if (!up) throw new Error('14 UNAVAILABLE: No connection established');
      return pem;
    }, authorityCertificate);
    await expect(hub.find(serial)).rejects.toThrow('UNAVAILABLE');
    up = true;
    expect((await hub.find(serial))?.identity.serial).toBe(serial);
  });
});
