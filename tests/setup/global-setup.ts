import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingTools, missingToolsMessage } from './outside-tools.ts';

/**
 * Runs once, before any test file: the run stops here if an outside tool
 * is missing. Every temporary folder of the run (ours, the builds' own, a
 * killed build's, Chromium's) goes under one folder that the run removes at
 * its end: a run leaves some 100 MB of books, fonts and renders.
 */
export default function setup(): () => void {
  const message = missingToolsMessage(missingTools());
  if (message) throw new Error(message);
  const root = mkdtempSync(join(tmpdir(), 'pipeline-tests-'));
  // os.tmpdir() reads TMPDIR on each call, and the test workers and the commands they start inherit it.
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
