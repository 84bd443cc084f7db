import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Customer,
  confirmAndWatch,
  goTo,
  logIn,
  openCustomer,
  sendByKey,
} from '../support/bank-web-pages';
import { DESKTOP, PHONE, SCREENSHOTS, startBrowser, type TestBrowser } from '../support/browser';
import { startTransferStack, transferStack } from '../support/transfer-stack';
import { AZUL, ana, joao, maria, VERDE } from '../support/transfers-fixture';

/*
 * Each bank's web app in a real browser, against the whole system (hub and banks as processes, real
 * Kafka and Postgres): Maria at Banco Azul and João at Banco Verde, each in a browser of their own,
 * pay, receive, refund, pay BR Codes and claim keys, and watch every Pix move live.
 */
const PASSWORD = 'pix-web-test-1';
// A browser waits on live updates that cross the hub and two banks: seconds, not milliseconds.
jest.setTimeout(60_000);
const stack = transferStack({ name: 'bank_web', deadlineMs: 15_000 });
let browser: TestBrowser;
let mariaAt: Customer;
let joaoAt: Customer;
let anaAccount: string;

beforeAll(async () => {
  // The browser starts (or installs) while the stack does.
  [, browser] = await Promise.all([startTransferStack(stack), startBrowser()]);
  await stack.fund(AZUL, 10_000_000n);
  await stack.fund(VERDE, 10_000_000n);
  await stack.customer(AZUL, { ...maria, password: PASSWORD }, 100_000n, {
    kind: 'cpf',
    key: maria.ownerTaxId,
  });
  await stack.customer(VERDE, { ...joao, password: PASSWORD }, 0n, { kind: 'cpf', key: joao.ownerTaxId });
  anaAccount = (await stack.customer(AZUL, { ...ana, password: PASSWORD }, 1_000n)).number;
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await stack.stop();
}, 60_000);

describe('the banks’ web apps', () => {
  it('wears each bank’s name and colour, and says so plainly when the password is wrong', async () => {
    mariaAt = await openCustomer(browser, 'azul-maria', stack.bank(AZUL).url, PHONE);
    const { page } = mariaAt;
    await page.getByText('Banco Azul', { exact: true }).waitFor();
    expect(await page.evaluate("getComputedStyle(document.querySelector('.bar')).backgroundColor")).toBe(
      'rgb(29, 78, 216)',
    );
    await mariaAt.shot('login');
    await logIn(mariaAt, maria.ownerTaxId, 'not-the-password');
    await page.getByRole('alert').filter({ hasText: 'That tax id and password do not match' }).waitFor();
    await mariaAt.shot('login-wrong-password');
  });

  it('logs Maria in to her balance, and João in at Banco Verde, on a phone and a desktop', async () => {
    await logIn(mariaAt, maria.ownerTaxId, PASSWORD);
    await mariaAt.page.getByRole('heading', { name: 'Overview' }).waitFor();
    await mariaAt.page.getByText('R$ 1.000,00').first().waitFor();
    await mariaAt.shot('overview-phone');
    joaoAt = await openCustomer(browser, 'verde-joao', stack.bank(VERDE).url, DESKTOP);
    await logIn(joaoAt, joao.ownerTaxId, PASSWORD);
    await joaoAt.page.getByRole('heading', { name: 'Overview' }).waitFor();
    await joaoAt.page.getByText('Live updates on').waitFor();
    await joaoAt.shot('overview-desktop');
  });

  it('sends a Pix by key that goes to completed live, and arrives live on João’s page and the hub console', async () => {
    await goTo(joaoAt, 'Activity');
    await joaoAt.page.getByText('No Pix yet.').waitFor();
    await sendByKey(mariaAt, joao.ownerTaxId, '12,34');
    await confirmAndWatch(mariaAt, 'send-by-key');
    // João's page was open all along: the Pix appears and completes there without a reload.
    const arrived = joaoAt.page.locator('li.transfer.incoming', { hasText: 'R$ 12,34 received' });
    await arrived.locator('[data-status="completed"]').waitFor({ timeout: 30_000 });
    await joaoAt.shot('activity-received');
    // And the hub's operator sees the same Pix completed on the live console.
    const hubConsole = await (await browser.context(DESKTOP)).newPage();
    await hubConsole.goto(stack.hubs[0]?.consoleUrl ?? '');
    await hubConsole.getByLabel('Operator token').fill(stack.operatorToken);
    await hubConsole.getByRole('button', { name: 'Log in' }).click();
    const row = hubConsole.locator('#feed tr', { hasText: 'R$ 12,34' });
    await row.locator('.status-completed').waitFor({ timeout: 30_000 });
    await browser.screenshot(hubConsole, 'console-sees-maria-pix');
    await hubConsole.context().close();
  });

  it('lets João refund the Pix he received, and the refund completes live', async () => {
    const received = joaoAt.page.locator('li.transfer.incoming', { hasText: 'R$ 12,34 received' });
    await received.getByRole('button', { name: 'Refund' }).click();
    await joaoAt.page.getByLabel('Amount to give back (R$)').fill('2,34');
    await joaoAt.page.getByLabel('Why').selectOption('MD06');
    await joaoAt.shot('refund-form');
    await received.getByRole('button', { name: 'Refund', exact: true }).click();
    await joaoAt.page.getByText('Refund sent.').waitFor();
    const refund = joaoAt.page.locator('li.transfer.outgoing', { hasText: 'Refund sent, R$ 2,34' });
    await refund.locator('[data-status="completed"]').waitFor({ timeout: 30_000 });
    await joaoAt.shot('activity-refunded');
  });

  it('pays a BR Code João shows, by pasting it and by scanning a picture of its QR code', async () => {
    const code = async (amount: string, oncePaid: boolean) => {
      await goTo(joaoAt, 'Receive');
      await joaoAt.page.getByLabel('Amount (R$)').fill(amount);
      if (oncePaid) await joaoAt.page.getByLabel('For one payment only (a charge)').check();
      await joaoAt.page.getByRole('button', { name: 'Make the code' }).click();
      await joaoAt.page.getByRole('heading', { name: `Pix code for R$ ${amount}` }).waitFor();
      return joaoAt.page.getByLabel('Pix Copia e Cola').inputValue();
    };
    const pasted = await code('5,00', false);
    await joaoAt.shot('receive-static');
    await goTo(mariaAt, 'Send');
    await mariaAt.page.getByRole('button', { name: 'Paste a Pix code' }).click();
    await mariaAt.page.getByLabel('Pix code (Pix Copia e Cola)').fill(pasted);
    await mariaAt.page.getByRole('button', { name: 'Read the code' }).click();
    // Read by the bank first: who and how much, before anything is paid.
    await mariaAt.page
      .getByText(/jo[aã]o lima/i)
      .first()
      .waitFor();
    await mariaAt.page.getByText('R$ 5,00').first().waitFor();
    await mariaAt.page.getByRole('button', { name: 'Review' }).click();
    await confirmAndWatch(mariaAt, 'pay-pasted-code');

    await code('7,50', true);
    const picture = path.join(SCREENSHOTS, 'verde-joao-qr-code.png');
    await joaoAt.page.locator('img.qr-image').screenshot({ path: picture });
    await joaoAt.shot('receive-dynamic');
    await goTo(mariaAt, 'Send');
    await mariaAt.page.getByRole('button', { name: 'Scan a QR code' }).click();
    await mariaAt.page.getByLabel('Or upload a picture of the QR code').setInputFiles(picture);
    await mariaAt.page.getByText('R$ 7,50').first().waitFor();
    await mariaAt.page.getByRole('button', { name: 'Review' }).click();
    await confirmAndWatch(mariaAt, 'pay-scanned-code');
    await joaoAt.page.getByText('Paid. The money is in your account.').waitFor({ timeout: 30_000 });
    await joaoAt.shot('receive-dynamic-paid');
    expect(readFileSync(picture).length).toBeGreaterThan(0);
  });

  it('opens a claim for a key held at another bank, seen on both sides live', async () => {
    await goTo(joaoAt, 'Pix keys');
    await joaoAt.page.getByLabel('Kind of key').selectOption('email');
    await joaoAt.page.getByLabel('Key', { exact: true }).fill('joao.web@example.com');
    await joaoAt.page.getByRole('button', { name: 'Register the key' }).click();
    await joaoAt.page.getByText('Registered: joao.web@example.com').waitFor();
    await goTo(mariaAt, 'Pix keys');
    await mariaAt.page.getByLabel('What kind of claim').selectOption('ownership');
    await mariaAt.page.getByLabel('The key', { exact: true }).fill('joao.web@example.com');
    await mariaAt.page.getByRole('button', { name: 'Open the claim' }).click();
    await mariaAt.page.locator('li.claim', { hasText: 'joao.web@example.com' }).waitFor();
    await mariaAt.shot('keys-claim-opened');
    // The donor's page hears of it live, with the steps the donor may take.
    const asked = joaoAt.page.locator('li.claim', { hasText: 'joao.web@example.com' });
    await asked.getByRole('button', { name: 'Keep the key here' }).waitFor({ timeout: 30_000 });
    await joaoAt.shot('keys-claim-received');
  });

  it('refuses another customer’s account, and sends an ended session back to log in', async () => {
    const { page } = mariaAt;
    const status = (url: string) => page.evaluate(async (u) => (await fetch(u)).status, url);
    expect(await status(`/accounts/${anaAccount}`)).toBe(403);
    expect(await status(`/accounts/${anaAccount}/statement`)).toBe(403);
    expect(await status(`/events?account=${anaAccount}`)).toBe(403);
    await goTo(mariaAt, 'Statement');
    await page.getByRole('table').waitFor();
    await mariaAt.shot('statement');
    await mariaAt.context.clearCookies();
    await goTo(mariaAt, 'Activity');
    await page.getByText('Your session has ended. Please log in again.').waitFor();
    await mariaAt.shot('session-ended');
  });
});
