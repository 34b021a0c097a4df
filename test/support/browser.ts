import { existsSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';

/** Debian's chromium (.ci/run installs it), or CHROMIUM_PATH. */
export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path !== undefined && path !== '' && existsSync(path));

export const hasChromium = chromiumPath !== undefined;

if (!hasChromium) {
  process.stderr.write('\n*** chromium is not installed: the playground browser tests are SKIPPED (apt-get install -y chromium, or set CHROMIUM_PATH) ***\n\n');
}

/**
 * A headless chromium with a fresh profile in `userDataDir`, every background service off: the only requests it
 * makes are the page's, to 127.0.0.1.
 */
export async function launchChromium(userDataDir: string): Promise<BrowserContext> {
  if (chromiumPath === undefined) throw new Error('chromium is not installed');
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
