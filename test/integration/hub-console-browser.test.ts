import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { PHONE, startBrowser, type TestBrowser } from '../support/browser';
import { joao, transfersFixture } from '../support/transfers-fixture';

/**
 * The console in headless Chromium, as an operator uses it: logs in with the token, watches a transfer
 * appear and complete in the live feed, opens its history, reaches every page by keyboard; a
 * screenshot of each page, at a desktop's size and a phone's, under test-artifacts/screenshots/.
 */
const TOKEN = randomBytes(32).toString('base64url');
const f = transfersFixture('console-web', { CODEPIX_OPERATOR_TOKEN: TOKEN });
let chromium: TestBrowser;

beforeAll(async () => {
  chromium = await startBrowser();
}, 120_000);
afterAll(() => chromium?.close());

const home = () => f.stack.hubs[0]?.consoleUrl ?? '';

/** From any console page, through the login, to the page it was after. */
async function logIn(page: Page, path = '/'): Promise<void> {
  await page.goto(new URL(path, home()).toString());
  await page.waitForURL(/\/login\.html/);
  await page.getByLabel('Operator token').fill(TOKEN);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

describe('the hub console in a browser', () => {
  it('logs in, shows a transfer live, opens its history; every page at desktop size', async () => {
    const page = await (await chromium.context()).newPage();
    await page.goto(home());
    await page.waitForURL(/\/login\.html\?next=%2F/);
    await page.getByLabel('Operator token').fill('not the token');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'That is not the operator token' }).waitFor();
    await chromium.screenshot(page, 'console-login-refused');
    await page.getByLabel('Operator token').fill(TOKEN);
    await page.keyboard.press('Enter');
    await page.waitForURL(home());
    await page.getByText('Live: new transfers appear as they happen.').waitFor();

    const sent = await f.send(f.payer, joao.ownerTaxId, 4_321n);
    const id: string = sent.body.endToEndId;
    const row = page.locator(`#feed tr[data-id="${id}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.locator('.status-completed').waitFor({ timeout: 20_000 });
    await page.locator('#fig-minute-completed', { hasText: /^[1-9]/ }).waitFor({ timeout: 10_000 });
    await chromium.screenshot(page, 'console-live');

    await row.getByRole('link', { name: id }).click();
    await page.waitForURL(/\/transfer\.html\?id=/);
    await page.locator('#history tr').nth(2).waitFor();
    expect(await page.locator('#history tr').allInnerTexts()).toEqual([
      expect.stringMatching(/made\s*→\s*pending/),
      expect.stringMatching(/pending\s*→\s*confirmed/),
      expect.stringMatching(/confirmed\s*→\s*completed/),
    ]);
    await chromium.screenshot(page, 'console-transfer');

    for (const [link, name, heading] of [
      ['Banks', 'console-banks', 'Banks and their settlement positions'],
      ['Dead letters', 'console-dead-letters', 'Dead letters'],
      ['Open claims', 'console-claims', 'Key claims'],
    ]) {
      await page.getByRole('navigation').getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('tbody tr').first().waitFor();
      await chromium.screenshot(page, name as string);
    }
  }, 90_000);

  it('is used by keyboard alone: slash to the search, an id, Enter, its history', async () => {
    const sent = await f.send(f.payer, joao.ownerTaxId, 99n);
    const page = await (await chromium.context()).newPage();
    await logIn(page);
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement.id')).toBe('search-id');
    await page.keyboard.type('not-an-id');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'An end-to-end id has 32 letters' }).waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(sent.body.endToEndId);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/transfer\.html\?id=/);
    await page.locator('#history tr').first().waitFor();
    // The skip link is the first stop, and focus shows.
    await page.keyboard.press('Tab');
    // Evaluated in the page, as text: this file is compiled without the DOM's types.
    const focused = await page.evaluate(
      '({ text: document.activeElement.textContent, outline: getComputedStyle(document.activeElement).outlineStyle })',
    );
    expect(focused).toEqual({ text: 'Skip to content', outline: 'solid' });
  }, 60_000);

  it("fits a phone's screen", async () => {
    const sent = await f.send(f.payer, joao.ownerTaxId, 777n);
    const page = await (await chromium.context(PHONE)).newPage();
    await logIn(page);
    await page.locator('#feed tr').first().waitFor({ timeout: 20_000 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.locator('#fig-minute-completed', { hasText: /^[1-9]/ }).waitFor({ timeout: 10_000 });
    await chromium.screenshot(page, 'console-live-phone');
    await page.goto(new URL(`/transfer.html?id=${sent.body.endToEndId}`, home()).toString());
    await page.locator('#history tr').first().waitFor();
    await chromium.screenshot(page, 'console-transfer-phone');
    await page.goto(new URL('/banks.html', home()).toString());
    await page.locator('#banks tr').first().waitFor();
    await chromium.screenshot(page, 'console-banks-phone');
  }, 60_000);
});
