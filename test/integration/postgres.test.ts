import { Client } from 'pg';

const url = process.env.DATABASE_URL;

describe('Postgres for integration tests', () => {
  let client: Client;

  beforeAll(async () => {
    if (!url) throw new Error('DATABASE_URL is not set: test/global-setup.ts should have set it');
    client = new Client({ connectionString: url });
    await client.connect();
  });
  afterAll(() => client?.end());

  it('is a real PostgreSQL server', async () => {
    const { rows } = await client.query<{ version: string }>('select version()');
    expect(rows[0].version).toMatch(/^PostgreSQL \d+/);
  });

  it('stores and reads back bigint values exactly', async () => {
    await client.query('create temporary table money_check (cents bigint not null)');
    await client.query('insert into money_check values ($1)', ['9223372036854775807']);
    const { rows } = await client.query<{ cents: string }>('select cents from money_check');
    expect(BigInt(rows[0].cents)).toBe(9223372036854775807n);
  });

  it('never uses the machine Postgres on 5432 unless DATABASE_URL was given', () => {
    if (process.env.CODEPIX_TEST_EXTERNAL_DATABASE === '1') return;
    expect(new URL(url as string).port).not.toBe('5432');
    expect(new URL(url as string).port).not.toBe('');
  });
});
