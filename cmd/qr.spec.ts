import { describeBrCode } from './qr';

const code = {
  initiation: 'static' as const,
  key: 'joana@example.com',
  merchantName: 'Joana',
  merchantCity: 'Recife',
  txid: '***',
  crc: '1D3D',
};

describe('describeBrCode', () => {
  it('says what the payer will see: the key, the payee, the amount or that the payer chooses it', () => {
    const text = describeBrCode('000201...', code);
    expect(text).toMatch(/Kind\s+static \(reusable\)/);
    expect(text).toMatch(/Payee\s+Joana, Recife/);
    expect(text).toMatch(/Amount\s+chosen by the payer/);
    expect(text).not.toContain('Charge');
  });

  it("shows a dynamic code's amount in reais and its charge", () => {
    const charge = {
      txid: 'T'.repeat(32),
      account: '1001',
      key: 'joana@example.com',
      amount: '1250',
      status: 'active' as const,
      payload: '000201...',
      createdAt: '2026-12-02T08:00:00.000Z',
    };
    const text = describeBrCode('000201...', { ...code, initiation: 'dynamic', amount: '1250' }, charge);
    expect(text).toMatch(/Kind\s+dynamic \(one payment\)/);
    expect(text).toMatch(/Amount\s+R\$ 12\.50/);
    expect(text).toMatch(/Charge\s+active/);
  });
});
