/**
 * Browser tests: Debian's Chromium driven by playwright-core (no browser download), against
 * a real hub serving its built admin panel (built by tests/browser/global-setup.js).
 */
import net from 'node:net';
import path from 'node:path';
import { ROOT } from './hub';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** A free loopback port, so PUBLIC_URL can name the hub's real address before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function launchChromium() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A browser context that can reach only loopback (the admin panel links to a few outside resources). */
export async function loopbackContext(browser: any, options: Record<string, unknown> = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, timezoneId: 'Asia/Ho_Chi_Minh', locale: 'vi-VN', ...options });
  await context.route('**/*', (route: any) => {
    const { hostname } = new URL(route.request().url());
    return hostname === '127.0.0.1' || hostname === 'localhost' ? route.continue() : route.abort();
  });
  return context;
}

/**
 * Where the browser tests write their screenshots: the committed docs/screenshots only when
 * UPDATE_SCREENSHOTS=1, otherwise tests/.reports/screenshots (gitignored), so that a plain
 * `npm test` leaves the working tree clean.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1'
  ? path.join(ROOT, 'docs', 'screenshots')
  : path.join(ROOT, 'tests', '.reports', 'screenshots');
