import type { Command } from 'commander';
import QRCode from 'qrcode';
import { formatReais, parseReais } from './amount';
import { connectBank } from './bank-client';
import type { BrCodeFields, BrCodeRequest, Charge } from './bank-types';
import { globalOptions } from './options';
import { emit, keyValues } from './output';

/** What the bank is asked for, and the account whose key it is. */
interface QrOptions extends BrCodeRequest {
  account: string;
}

/** What a person reads under the QR code: what the payer's app will show, and a dynamic code's charge. */
export function describeBrCode(payload: string, code: BrCodeFields, charge?: Charge): string {
  return keyValues([
    ['Payload', payload],
    ['Kind', code.initiation === 'dynamic' ? 'dynamic (one payment)' : 'static (reusable)'],
    ['Key', code.key ?? code.url ?? '-'],
    ['Payee', `${code.merchantName}, ${code.merchantCity}`],
    ['Amount', code.amount ? formatReais(code.amount) : 'chosen by the payer'],
    ['Txid', code.txid],
    ...(charge
      ? ([['Charge', `${charge.status} (codepix transfer send --br-code pays it)`]] as Array<
          [string, string]
        >)
      : []),
  ]);
}

/**
 * `codepix qr`: asks the bank at --bank-url for a BR Code ("Pix Copia e Cola") for one of an account's
 * keys and prints it as text and as a QR code in the terminal. `--json` prints the bank's answer
 * (payload, the code field by field, a dynamic code's charge) and no QR code.
 */
export function addQrCommand(program: Command): void {
  program
    .command('qr')
    .description(
      "make a BR Code (Pix Copia e Cola) for one of an account's keys at the bank at --bank-url, and show it as a QR code",
    )
    .requiredOption('--account <number>', "the payee's account number at the bank")
    .requiredOption('--key <key>', 'one of the account’s Pix keys')
    .option('--amount <reais>', 'amount in reais, e.g. 12.34 (required with --dynamic)', parseReais)
    .option('--dynamic', 'for one payment: the bank records a charge under the txid')
    .option('--txid <id>', 'static: 1-25 letters and digits; dynamic: 26-35 (default: the bank makes one)')
    .option('--description <text>', 'a note the payer sees')
    .option('--city <name>', "the payee's city, as the payer's app shows it")
    .action(async (opts: QrOptions, command: Command) => {
      const { json, bankUrl, operatorToken } = globalOptions(command);
      const { payload, brCode, charge } = await connectBank(bankUrl, operatorToken).generateBrCode(
        opts.account,
        {
          key: opts.key,
          amount: opts.amount,
          dynamic: opts.dynamic ?? false,
          txid: opts.txid,
          description: opts.description,
          city: opts.city,
        },
      );
      const qr = json ? '' : await QRCode.toString(payload, { type: 'terminal', small: true });
      emit(
        json,
        { payload, brCode, ...(charge && { charge }) },
        () => `${qr}\n${describeBrCode(payload, brCode, charge)}`,
      );
    });
}
