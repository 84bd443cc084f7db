import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { findOrInstall } from './debian-package';

/**
 * Headless Chromium for the browser tests: Debian's chromium (installed by the run when missing)
 * driven by playwright-core, which never downloads a browser of its own. Screenshots go to
 * test-artifacts/screenshots/, kept after the run.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../../test-artifacts/screenshots');
/** A phone's screen, for the pages' small-screen layout. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * This machine's network is closed: without the background-networking switches Chromium keeps
 * trying Google's hosts. No sandbox, since the tests may run as root.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (its own cookies), at `viewport`. */
  context(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  /** Saves the page as test-artifacts/screenshots/<name>.png; the file's path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<TestBrowser> {
  const executablePath = await findOrInstall('chromium', CHROMIUM);
  const browser = await chromium
    .launch({ executablePath, headless: true, args: [...FLAGS] })
    .catch((error) => {
      throw new Error(`${executablePath} did not start headless: ${String(error)}`);
    });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    context: (viewport = DESKTOP) => browser.newContext({ viewport }),
    screenshot: async (page, name) => {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: async () => {
      await browser.close();
    },
  };
}
