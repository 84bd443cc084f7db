import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { main } from './codepix';

/** The CLI's global options, run through main() against a stand-in bank that records the paths asked. */
let server: Server;
let url: string;
const asked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(`${req.method} ${req.url}`);
    const body = req.url?.startsWith('/transfers/')
      ? { endToEndId: 'E1', status: 'completed', direction: 'outgoing', amount: '1', account: '1' }
      : { accounts: [] };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs the CLI in-process; what it printed, and its exit code. */
async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += chunk;
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += chunk;
    return true;
  });
  try {
    const code = await main(['node', 'codepix', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeEach(() => {
  asked.length = 0;
  delete process.env.CODEPIX_BANK_URL;
});

describe('--bank-url, a global option like --hub', () => {
  it('is taken before the command', async () => {
    expect(await cli('--bank-url', url, '--json', 'account', 'list')).toEqual({
      code: 0,
      stdout: '[]\n',
      stderr: '',
    });
    expect(asked).toEqual(['GET /accounts']);
  });

  it('is taken after the command, and from CODEPIX_BANK_URL', async () => {
    expect((await cli('account', 'list', '--bank-url', url)).stdout).toBe('no accounts\n');
    process.env.CODEPIX_BANK_URL = url;
    expect((await cli('account', 'list')).code).toBe(0);
    expect(asked).toEqual(['GET /accounts', 'GET /accounts']);
  });

  it('sends transfer status to the bank only when typed on the command line', async () => {
    const id = 'E11111111202611211430a1B2c3D4e5F';
    expect((await cli('--bank-url', url, '--json', 'transfer', 'status', id)).code).toBe(0);
    expect(asked).toEqual([`GET /transfers/${id}`]);
    process.env.CODEPIX_BANK_URL = url;
    // Plain gRPC, so the call gets as far as the (absent) hub without identities on disk.
    process.env.CODEPIX_SECURITY = 'off';
    try {
      const atHub = await cli('--hub', '127.0.0.1:1', 'transfer', 'status', id);
      expect(atHub).toMatchObject({ code: 1, stderr: 'error: cannot reach hub at 127.0.0.1:1\n' });
    } finally {
      delete process.env.CODEPIX_SECURITY;
    }
    expect(asked).toHaveLength(1);
  });

  it("is listed in a subcommand's help", async () => {
    const help = await cli('account', 'open', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Global Options:[\s\S]*--bank-url <url>/);
  });
});
