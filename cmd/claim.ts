import { type Command, Option } from 'commander';
import { PAGE_SIZE_MAX } from '../src/domain/limits';
import { ClaimRole, ClaimStatus } from '../src/gen/codepix/v1/claim';
import { oneOf, parseCount } from './arguments';
import {
  CLAIM_KINDS,
  CLAIM_REASONS,
  CLAIM_ROLES,
  CLAIM_STATUSES,
  type ClaimKindName,
  type ClaimReasonName,
  type ClaimRoleName,
  type ClaimStatusName,
  claimsTable,
  claimView,
  describeClaim,
} from './claim-view';
import { withHub } from './hub-client';
import {
  type AccountOptions,
  accountFromOptions,
  addAccountOptions,
  bankOption,
  globalOptions,
} from './options';
import { emit } from './output';

interface OpenOptions extends AccountOptions {
  bank: string;
  kind: ClaimKindName;
  key: string;
}

interface ListOptions {
  bank: string;
  role?: ClaimRoleName;
  status?: ClaimStatusName;
  key?: string;
  limit: number;
}

/** `--reason`, limited to what the step's side may give, USER_REQUESTED unless told. */
const reasonOption = (reasons: ClaimReasonName[]) =>
  oneOf('--reason <reason>', 'why', reasons).default('USER_REQUESTED');

/**
 * `codepix key claim ...`: key claims at the hub, as one bank takes part in them (its certificate is
 * the caller's, as for `key register`): opened as claimer, answered as donor, read by either.
 */
export function addClaimCommands(key: Command): void {
  const claim = key
    .command('claim')
    .description(
      "claim a key registered at another bank (portability of the owner's key, or ownership of a phone " +
        'or email key another person holds), and answer or follow claims',
    );

  addAccountOptions(
    claim
      .command('open')
      .description('open a claim on a key, for an account at the calling bank (the claimer)')
      .addOption(bankOption())
      .addOption(oneOf('--kind <kind>', 'kind of claim', Object.keys(CLAIM_KINDS)).makeOptionMandatory())
      .requiredOption('--key <value>', 'the key claimed'),
  ).action(async (opts: OpenOptions, command: Command) => {
    const { hub, json } = globalOptions(command);
    const opened = claimView(
      await withHub({ ...hub, actingAs: opts.bank }, (client) =>
        client.createClaim({
          ispb: opts.bank,
          kind: CLAIM_KINDS[opts.kind],
          key: opts.key,
          account: accountFromOptions(opts),
        }),
      ),
    );
    emit(json, opened, () => describeClaim(opened));
  });

  claim
    .command('list')
    .description("list the calling bank's claims, newest first")
    .addOption(bankOption())
    .addOption(oneOf('--role <role>', 'only those where the bank is', Object.keys(CLAIM_ROLES)))
    .addOption(oneOf('--status <status>', 'only those in this state', Object.keys(CLAIM_STATUSES)))
    .option('--key <value>', 'only the claims of this key')
    .addOption(
      new Option('--limit <n>', 'claims to show')
        .default(50)
        .argParser((raw) => parseCount(raw, PAGE_SIZE_MAX)),
    )
    .action(async (opts: ListOptions, command: Command) => {
      const { hub, json } = globalOptions(command);
      const claims = (
        await withHub({ ...hub, actingAs: opts.bank }, (client) =>
          client.listClaims({
            ispb: opts.bank,
            role: opts.role ? CLAIM_ROLES[opts.role] : ClaimRole.CLAIM_ROLE_UNSPECIFIED,
            status: opts.status ? CLAIM_STATUSES[opts.status] : ClaimStatus.CLAIM_STATUS_UNSPECIFIED,
            key: opts.key ?? '',
            pageSize: opts.limit,
          }),
        )
      ).map((c) => claimView(c));
      emit(json, claims, () =>
        claims.length === 0 ? `no claims for bank ${opts.bank}` : claimsTable(claims, opts.bank),
      );
    });

  claim
    .command('show')
    .description('show a claim the calling bank is party to, with its history')
    .argument('<id>', "the claim's id")
    .addOption(bankOption())
    .action(async (id: string, opts: { bank: string }, command: Command) => {
      const { hub, json } = globalOptions(command);
      const shown = claimView(
        await withHub({ ...hub, actingAs: opts.bank }, (client) =>
          client.getClaim({ ispb: opts.bank, claimId: id }),
        ),
        true,
      );
      emit(json, shown, () => describeClaim(shown));
    });

  const step = (name: string, description: string, reasons?: ClaimReasonName[]) => {
    const command = claim
      .command(name)
      .description(description)
      .argument('<id>', "the claim's id")
      .addOption(bankOption());
    if (reasons) command.addOption(reasonOption(reasons));
    return command;
  };
  const answer = (json: boolean, claimed: Parameters<typeof claimView>[0]) => {
    const view = claimView(claimed);
    emit(json, view, () => describeClaim(view));
  };

  step('confirm', "as donor: release the key, on the customer's decision", [
    'USER_REQUESTED',
    'ACCOUNT_CLOSURE',
  ]).action(async (id: string, opts: { bank: string; reason: ClaimReasonName }, command: Command) => {
    const { hub, json } = globalOptions(command);
    const request = { ispb: opts.bank, claimId: id, reason: CLAIM_REASONS[opts.reason] };
    answer(json, await withHub({ ...hub, actingAs: opts.bank }, (client) => client.confirmClaim(request)));
  });
  step('cancel', 'end the claim (the donor before it confirmed, or the claimer); the key stays', [
    'USER_REQUESTED',
    'FRAUD',
  ]).action(async (id: string, opts: { bank: string; reason: ClaimReasonName }, command: Command) => {
    const { hub, json } = globalOptions(command);
    const request = { ispb: opts.bank, claimId: id, reason: CLAIM_REASONS[opts.reason] };
    answer(json, await withHub({ ...hub, actingAs: opts.bank }, (client) => client.cancelClaim(request)));
  });
  step('complete', "as claimer: take the key; it now points to the claimer's account").action(
    async (id: string, opts: { bank: string }, command: Command) => {
      const { hub, json } = globalOptions(command);
      const request = { ispb: opts.bank, claimId: id };
      answer(json, await withHub({ ...hub, actingAs: opts.bank }, (client) => client.completeClaim(request)));
    },
  );
}
