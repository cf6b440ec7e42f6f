// The Chromium side of the end-to-end helpers, for the Node scripts the Go tests run
// (e2eutil.RunNode): playwright-core resolved from the frontend's node_modules (never a
// downloaded browser), Debian's Chromium ($CHROMIUM) and the flags that keep it off the
// network.
//   import { launch, launchPersistent } from '<rel>/internal/e2eutil/chromium.mjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', '..', 'frontend', 'package.json'));

/** playwright-core's chromium launcher. */
export const { chromium } = require('playwright-core');

/** The browser binary: $CHROMIUM or Debian's. */
export const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

/** Headless, no sandbox (root in CI), and no background traffic to a closed network. */
export const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches the browser; options are playwright's, extra args appended. */
export function launch(options = {}) {
  return chromium.launch({ ...options, executablePath, args: [...args, ...(options.args || [])] });
}

/** Launches a persistent context with its profile in userDataDir. */
export function launchPersistent(userDataDir, options = {}) {
  return chromium.launchPersistentContext(userDataDir, { ...options, executablePath, args: [...args, ...(options.args || [])] });
}
