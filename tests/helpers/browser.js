import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
/** Debian's chromium (.ci/run installs it); playwright-core never downloads a browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';
/** In CI a missing browser is a failure, not a skip: the preview's browser test must run there. */
export const CAN_RUN_BROWSER = existsSync(CHROMIUM) || Boolean(process.env.CI);
const ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];
/** Headless Chromium with a fresh profile in a temporary folder, removed on close. */
export async function launchBrowser(viewport = { width: 800, height: 1000 }) {
    const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport, headless: true });
    return {
        context,
        async close() {
            await context.close();
            rmSync(profile, { recursive: true, force: true });
        },
    };
}
