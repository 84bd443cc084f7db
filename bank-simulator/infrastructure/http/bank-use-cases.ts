import type { Registry } from 'prom-client';
import type { BankQueries } from '../../application/bank-queries';
import type { ClaimSteps } from '../../application/claim-steps';
import type { CloseAccount } from '../../application/close-account';
import type { CustomerAccess } from '../../application/customer-access';
import type { SetPassword } from '../../application/customer-passwords';
import type { DepositMoney } from '../../application/deposit-money';
import type { GenerateBrCode } from '../../application/generate-br-code';
import type { ListPixKeys } from '../../application/list-pix-keys';
import type { LogIn } from '../../application/log-in';
import type { OpenAccount } from '../../application/open-account';
import type { OpenClaim } from '../../application/open-claim';
import type { RegisterPixKey } from '../../application/register-pix-key';
import type { SendPix } from '../../application/send-pix';
import type { SendRefund } from '../../application/send-refund';
import type { ChangeFeed } from '../change-feed';

/** What the HTTP API serves: the bank's identity, its use cases and its metrics. */
export interface BankUseCases {
  ispb: string;
  name: string;
  /** Its web app's colour, checked at start (brandColor). */
  color: string;
  /** Resolves when the bank's database answers a cheap query in time (see databaseCheck). */
  checkDatabase: () => Promise<void>;
  openAccount: OpenAccount;
  depositMoney: DepositMoney;
  closeAccount: CloseAccount;
  registerPixKey: RegisterPixKey;
  listPixKeys: ListPixKeys;
  sendPix: SendPix;
  sendRefund: SendRefund;
  generateBrCode: GenerateBrCode;
  openClaim: OpenClaim;
  claimSteps: ClaimSteps;
  queries: BankQueries;
  /** The transfers and claims as the bank commits them, streamed on GET /events. */
  changes: ChangeFeed;
  logIn: LogIn;
  setPassword: SetPassword;
  /** Who may reach what: every route's access rule asks it (access.ts). */
  customerAccess: CustomerAccess;
  /** The bank's metrics, served on GET /metrics. */
  metrics: Registry;
}
