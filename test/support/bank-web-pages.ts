import type { BrowserContext, Page } from 'playwright-core';
import type { TestBrowser } from './browser';

/**
 * A customer at a bank's web app, driven as a person would: by labels, roles and button names, never
 * by calling the API behind the page's back (except where a test checks what the API refuses).
 */
export interface Customer {
  page: Page;
  context: BrowserContext;
  /** Saves a screenshot of the page as it is now, named `<who>-<what>`; its path. */
  shot(what: string): Promise<string>;
}

export async function openCustomer(
  browser: TestBrowser,
  who: string,
  bankUrl: string,
  viewport?: { width: number; height: number },
): Promise<Customer> {
  const context = await browser.context(viewport);
  const page = await context.newPage();
  // A page error is a bug of the page: fail the test on it rather than miss it.
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(bankUrl);
  return { page, context, shot: (what) => browser.screenshot(page, `${who}-${what}`) };
}

export async function logIn(c: Customer, taxId: string, password: string): Promise<void> {
  await c.page.getByLabel('CPF or CNPJ').fill(taxId);
  await c.page.getByLabel('Password').fill(password);
  await c.page.getByRole('button', { name: 'Log in' }).click();
}

export const goTo = (c: Customer, link: string) =>
  c.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();

/** The review of an order, confirmed; the followed Pix, once its steps say completed. */
export async function confirmAndWatch(c: Customer, name: string): Promise<void> {
  await c.page.getByRole('heading', { name: 'Check before you send' }).waitFor();
  await c.shot(`${name}-review`);
  await c.page.getByRole('button', { name: 'Confirm and send' }).click();
  const followed = c.page.locator('.followed .steps');
  await followed.waitFor();
  await c.page.locator('.followed [data-status="completed"]').waitFor({ timeout: 30_000 });
  await c.shot(`${name}-completed`);
}

export async function sendByKey(c: Customer, key: string, amount: string): Promise<void> {
  await goTo(c, 'Send');
  await c.page.getByRole('button', { name: 'To a Pix key' }).click();
  await c.page.getByLabel('Pix key', { exact: true }).fill(key);
  await c.page.getByLabel('Amount (R$)').fill(amount);
  await c.page.getByRole('button', { name: 'Review' }).click();
}
