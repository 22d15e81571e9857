// Debian's Chromium for the browser tests: launched headless with the flags this machine needs,
// or the test skipped where it is not installed (failed in CI, which installs it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
// No sandbox as root, and no background connections, which the closed network would refuse many at a time.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the browser tests leave the pages they load and their screenshots. */
export const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));

/** Chromium; where it is missing, the test skipped through `skip` (outside CI) or failed (in CI). */
export async function launchChromium(skip: (message: string) => never): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    if (process.env['CI']) throw new Error(`${CHROMIUM} is missing: CI must install it (apt-get install -y chromium; see test-output/apt.log)`);
    const message = `${CHROMIUM} is missing: install it with apt-get install chromium to run the browser test`;
    console.warn(`skipped: ${message}`);
    return skip(message);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/**
 * A page with the network cut off: every request that is not for a file: or data: URL is
 * refused and listed in `attempted`; console errors and uncaught exceptions land in `errors`.
 */
export async function offlinePage(browser: Browser, viewport: { width: number; height: number }): Promise<{ page: Page; attempted: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const attempted: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    attempted.push(url);
    return route.abort('blockedbyclient');
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return { page, attempted, errors };
}
