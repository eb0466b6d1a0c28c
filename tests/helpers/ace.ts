import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './paths.ts';

/** One failed check of Ace by DAISY: where, which rule, how serious. */
export interface AceViolation {
  where: string;
  rule: string;
  impact: string;
  html: string;
}

export interface AceResult {
  violations: AceViolation[];
  /** The accessibility metadata Ace read from the package. */
  metadata: Record<string, unknown>;
}

interface EarlAssertion {
  'earl:testSubject': { url: string };
  assertions: Array<{ 'earl:test': { 'dct:title': string; 'earl:impact': string }; 'earl:result': { html?: string } }>;
}

const ACE = join(ROOT, 'node_modules/.bin/ace-cli');

/**
 * Ace by DAISY (@daisy/ace-cli) on an EPUB, in Debian's Chromium
 * (.puppeteerrc.cjs). A child process of its own, so several run at once.
 * A run that ends with no report at all (its browser failed to start or
 * crashed, on a loaded machine) says nothing of the EPUB: it is run once
 * more, and a second such failure is the test's.
 */
export async function runAce(epub: string): Promise<AceResult> {
  try {
    return await runAceOnce(epub);
  } catch (e) {
    if (!(e instanceof NoReport)) throw e;
    return runAceOnce(epub);
  }
}

class NoReport extends Error {}

function runAceOnce(epub: string): Promise<AceResult> {
  const out = tempDir('ace-');
  return new Promise((resolve, reject) => {
    const child = spawn(ACE, ['--force', '--silent', '--outdir', out, epub], { cwd: ROOT, timeout: 180_000, killSignal: 'SIGKILL' });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('close', () => {
      let text: string;
      try {
        text = readFileSync(join(out, 'report.json'), 'utf8');
      } catch (e) {
        reject(new NoReport(`Ace wrote no report for ${epub}: ${(e as Error).message}\n${log}`));
        return;
      }
      try {
        const report = JSON.parse(text) as { assertions: EarlAssertion[]; 'earl:testSubject': { metadata: Record<string, unknown> } };
        const violations = report.assertions.flatMap((a) =>
          a.assertions.map((x) => ({ where: a['earl:testSubject'].url, rule: x['earl:test']['dct:title'], impact: x['earl:test']['earl:impact'], html: x['earl:result'].html ?? '' })),
        );
        resolve({ violations, metadata: report['earl:testSubject'].metadata });
      } catch (e) {
        reject(new Error(`Ace's report for ${epub} does not read: ${(e as Error).message}\n${log}`));
      }
    });
  });
}
