// Launches the system Chromium (Debian's /usr/bin/chromium) through playwright-core: test tools
// cannot download a browser of their own here. The flags keep Chromium off the network (this
// machine's network is closed but for package registries): no background or component traffic,
// and every host name but 127.0.0.1 fails to resolve, so a page that pulls something from
// outside shows up as a failed request at once instead of hanging.
import fs from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** Launches headless Chromium; Playwright gives it a new empty profile and removes it on close(). */
export async function launchChromium() {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: run scripts/install-test-deps.sh (Debian package chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}
