import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it("listens on the loopback unless told otherwise: a bank's HTTP API has no TLS", () => {
    expect(loadConfig({}).grpcHost).toBe('127.0.0.1');
    expect(loadConfig({ GRPC_HOST: '0.0.0.0' }).grpcHost).toBe('0.0.0.0');
  });

  it('refuses a port that is not one, naming the variable', () => {
    expect(() => loadConfig({ GRPC_PORT: '70000' })).toThrow(ConfigError);
    expect(() => loadConfig({ GRPC_PORT: '70000' })).toThrow(/^GRPC_PORT must be a port number/);
  });

  it('reads the strict prefetch switch, off by default', () => {
    expect(loadConfig({}).strictPrefetch).toBe(false);
    expect(loadConfig({ CODEPIX_STRICT_PREFETCH: 'on' }).strictPrefetch).toBe(true);
    expect(() => loadConfig({ CODEPIX_STRICT_PREFETCH: '1' })).toThrow(
      /^CODEPIX_STRICT_PREFETCH must be on or off/,
    );
  });

  it('keeps the largest transfer within what the banks take (AMOUNT_CENTS_MAX)', () => {
    expect(loadConfig({ TRANSFER_MAX_AMOUNT_CENTS: '1000000000000' }).transfers.maxAmountCents).toBe(
      10n ** 12n,
    );
    expect(() => loadConfig({ TRANSFER_MAX_AMOUNT_CENTS: '1000000000001' })).toThrow(
      /^TRANSFER_MAX_AMOUNT_CENTS must be at most 1000000000000/,
    );
  });

  it('reads the tariff, the business fee and the drill clock, each refused by name when malformed', () => {
    const defaults = loadConfig({});
    expect(defaults.transfers.tariff).toEqual({ centsPerBlock: 1n, transfersPerBlock: 10 });
    expect([defaults.bank.receivedFeeCents, defaults.clockOffsetMs]).toEqual([0n, 0]);
    const set = loadConfig({
      TARIFF_CENTS_PER_BLOCK: '0',
      TARIFF_TRANSFERS_PER_BLOCK: '100',
      BANK_RECEIVED_FEE_CENTS: '25',
      CODEPIX_CLOCK_OFFSET_MS: '-5000',
    });
    expect(set.transfers.tariff).toEqual({ centsPerBlock: 0n, transfersPerBlock: 100 });
    expect([set.bank.receivedFeeCents, set.clockOffsetMs]).toEqual([25n, -5000]);
    expect(() => loadConfig({ TARIFF_TRANSFERS_PER_BLOCK: '0' })).toThrow(
      /^TARIFF_TRANSFERS_PER_BLOCK must be/,
    );
    expect(() => loadConfig({ BANK_RECEIVED_FEE_CENTS: '-1' })).toThrow(/^BANK_RECEIVED_FEE_CENTS must be/);
    expect(() => loadConfig({ CODEPIX_CLOCK_OFFSET_MS: '1.5' })).toThrow(/^CODEPIX_CLOCK_OFFSET_MS must be/);
  });

  it('reads the console port and the operator token; no token, no console', () => {
    expect(loadConfig({})).toMatchObject({ consolePort: 8090, operatorToken: undefined });
    expect(loadConfig({ CONSOLE_PORT: '0', CODEPIX_OPERATOR_TOKEN: ' t0k \n' })).toMatchObject({
      consolePort: 0,
      operatorToken: 't0k',
    });
    expect(() => loadConfig({ CONSOLE_PORT: 'x' })).toThrow(/^CONSOLE_PORT must be a port number/);
  });
});
