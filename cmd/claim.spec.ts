import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import {
  type Claim,
  ClaimKind,
  ClaimReason,
  ClaimRole,
  ClaimServiceService,
  ClaimStatus,
} from '../src/gen/codepix/v1/claim';
import { AccountType, KeyKind } from '../src/gen/codepix/v1/common';
import { main } from './codepix';

/**
 * `codepix key claim ...` run through main() against a stand-in ClaimService (plain gRPC, security
 * off) that records each request: what the command line becomes, and how the answer is printed.
 */
const ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const CPF = '52998224725';
const at = new Date('2026-11-21T14:30:00Z');
const side = (ispb: string, number: string) => ({
  ispb,
  branch: '1',
  number,
  type: AccountType.ACCOUNT_TYPE_CACC,
  ownerName: 'Maria Souza',
  ownerTaxIdMasked: '***.982.247-**',
});
const CLAIM: Claim = {
  id: ID,
  kind: ClaimKind.CLAIM_KIND_PORTABILITY,
  keyKind: KeyKind.KEY_KIND_EMAIL,
  key: 'maria@example.com',
  status: ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION,
  reason: ClaimReason.CLAIM_REASON_UNSPECIFIED,
  claimer: side('22222222', '12345'),
  donor: side('11111111', '900'),
  resolutionEndsAt: new Date('2026-11-28T14:30:00Z'),
  createdAt: at,
  updatedAt: at,
  history: [],
};

let server: Server;
let hub: string;
/** Each request, under its method's name. */
const asked: [string, unknown][] = [];
/** What the next call answers instead of CLAIM: an error with the hub's field trailer. */
let refusal: { code: status; details: string; field: string } | undefined;

function answer(name: string) {
  return (call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>) => {
    asked.push([name, call.request]);
    if (refusal) {
      const metadata = new Metadata();
      metadata.set('codepix-field', refusal.field);
      done({ ...refusal, metadata });
      return;
    }
    if (name === 'listClaims') done(null, { claims: [CLAIM] });
    else if (name === 'getClaim') done(null, { ...CLAIM, history: HISTORY });
    else done(null, CLAIM);
  };
}
const HISTORY = [
  { from: 0, to: ClaimStatus.CLAIM_STATUS_OPEN, reason: 0, by: 'bank:22222222', at },
  { from: 1, to: ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION, reason: 0, by: 'bank:11111111', at },
];

beforeAll(async () => {
  server = new Server();
  const methods = Object.keys(ClaimServiceService) as (keyof typeof ClaimServiceService)[];
  server.addService(ClaimServiceService, Object.fromEntries(methods.map((m) => [m, answer(m)])));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  hub = `127.0.0.1:${port}`;
  process.env.CODEPIX_SECURITY = 'off';
});
afterAll(() => {
  delete process.env.CODEPIX_SECURITY;
  server.forceShutdown();
});
beforeEach(() => {
  asked.length = 0;
  refusal = undefined;
});

/** Runs the CLI in-process against the stand-in; what it printed, and its exit code. */
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
    const code = await main(['node', 'codepix', '--hub', hub, 'key', 'claim', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const account = ['--branch', '1', '--account', '12345', '--owner-name', 'Maria Souza', '--owner-tax-id', CPF];

describe('codepix key claim', () => {
  it('opens a claim for an account, as the bank named, and prints it as JSON', async () => {
    const opened = await cli(
      'open',
      '--bank',
      '22222222',
      '--kind',
      'Portability',
      '--key',
      'maria@example.com',
      ...account,
      '--json',
    );
    expect(opened).toMatchObject({ code: 0, stderr: '' });
    expect(asked).toEqual([
      [
        'createClaim',
        {
          ispb: '22222222',
          kind: ClaimKind.CLAIM_KIND_PORTABILITY,
          key: 'maria@example.com',
          account: {
            branch: '1',
            number: '12345',
            type: AccountType.ACCOUNT_TYPE_CACC,
            ownerName: 'Maria Souza',
            ownerTaxId: CPF,
          },
        },
      ],
    ]);
    expect(JSON.parse(opened.stdout)).toEqual({
      id: ID,
      kind: 'portability',
      keyKind: 'email',
      key: 'maria@example.com',
      status: 'waiting_resolution',
      reason: null,
      claimer: { ...side('22222222', '12345'), type: 'CACC' },
      donor: { ...side('11111111', '900'), type: 'CACC' },
      resolutionEndsAt: '2026-11-28T14:30:00.000Z',
      createdAt: '2026-11-21T14:30:00.000Z',
      updatedAt: '2026-11-21T14:30:00.000Z',
    });
  });

  it('lists with the filters given, showing the calling bank its part', async () => {
    const listed = await cli(
      'list',
      '--bank',
      '11111111',
      '--role',
      'donor',
      '--status',
      'WAITING_RESOLUTION',
      '--key',
      'maria@example.com',
      '--limit',
      '10',
    );
    expect(asked).toEqual([
      [
        'listClaims',
        {
          ispb: '11111111',
          role: ClaimRole.CLAIM_ROLE_DONOR,
          status: ClaimStatus.CLAIM_STATUS_WAITING_RESOLUTION,
          key: 'maria@example.com',
          pageSize: 10,
        },
      ],
    ]);
    const [head, , row] = listed.stdout.split('\n');
    expect(head.split(/\s{2,}/)).toEqual(['ID', 'KIND', 'KEY', 'STATUS', 'ROLE', 'OTHER BANK', 'UPDATED']);
    expect(row.split(/\s{2,}/)).toEqual([
      ID,
      'portability',
      'maria@example.com',
      'waiting_resolution',
      'donor',
      '22222222',
      '2026-11-21T14:30:00Z',
    ]);
    expect((await cli('list', '--bank', '11111111')).code).toBe(0);
    expect(asked[1][1]).toMatchObject({
      role: ClaimRole.CLAIM_ROLE_UNSPECIFIED,
      status: 0,
      key: '',
      pageSize: 50,
    });
  });

  it('shows a claim with its history', async () => {
    const shown = await cli('show', ID, '--bank', '11111111');
    expect(asked).toEqual([['getClaim', { ispb: '11111111', claimId: ID }]]);
    expect(shown.stdout).toMatch(/^Claim +3f2a9c1e/);
    expect(shown.stdout).toMatch(/opened \(open\) +bank:22222222/);
    expect(shown.stdout).toMatch(/open → waiting_resolution +bank:11111111/);
  });

  it('confirms and cancels for USER_REQUESTED unless told, and completes with no reason', async () => {
    await cli('confirm', ID, '--bank', '11111111');
    await cli('confirm', ID, '--bank', '11111111', '--reason', 'account_closure');
    await cli('cancel', ID, '--bank', '22222222', '--reason', 'FRAUD');
    await cli('complete', ID, '--bank', '22222222');
    expect(asked).toEqual([
      ['confirmClaim', { ispb: '11111111', claimId: ID, reason: ClaimReason.CLAIM_REASON_USER_REQUESTED }],
      ['confirmClaim', { ispb: '11111111', claimId: ID, reason: ClaimReason.CLAIM_REASON_ACCOUNT_CLOSURE }],
      ['cancelClaim', { ispb: '22222222', claimId: ID, reason: ClaimReason.CLAIM_REASON_FRAUD }],
      ['completeClaim', { ispb: '22222222', claimId: ID }],
    ]);
  });

  it.each([
    ['a reason the step does not take', ['confirm', ID, '--bank', '1', '--reason', 'FRAUD']],
    ['an evp key claimed', ['open', '--bank', '1', '--kind', 'evp', '--key', 'k', ...account]],
    ['no --bank', ['complete', ID]],
    ['a limit over 500', ['list', '--bank', '1', '--limit', '501']],
  ])('refuses %s as a usage error, asking the hub nothing', async (_, args) => {
    expect(await cli(...args)).toMatchObject({ code: 2, stdout: '' });
    expect(asked).toEqual([]);
  });

  it('names a field the hub refuses as it was typed', async () => {
    refusal = { code: status.INVALID_ARGUMENT, details: 'key: must be a Pix key', field: 'key' };
    const refused = await cli('open', '--bank', '2', '--kind', 'ownership', '--key', 'x', ...account);
    expect(refused).toEqual({ code: 1, stdout: '', stderr: 'error: --key: must be a Pix key\n' });
  });
});
