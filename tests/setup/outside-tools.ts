import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ROOT } from '../helpers/paths.ts';

/**
 * Every program and file outside node_modules' JavaScript that the tests run
 * or read, with the Debian package that provides it. Checked once before any
 * test starts, so a machine without them gets one message naming them all
 * rather than dozens of failures that each say `null`.
 */
interface OutsideTool {
  what: string;
  /** A command looked up on PATH, or an absolute path that must exist. */
  needs: string;
  pkg: string;
}

export const OUTSIDE_TOOLS: readonly OutsideTool[] = [
  { what: 'epubcheck (run as java -jar)', needs: '/usr/share/java/epubcheck.jar', pkg: 'epubcheck' },
  { what: 'java, for epubcheck', needs: 'java', pkg: 'epubcheck' },
  { what: 'mutool (MuPDF)', needs: 'mutool', pkg: 'mupdf-tools' },
  { what: 'pdftotext (poppler)', needs: 'pdftotext', pkg: 'poppler-utils' },
  { what: 'pdftoppm (poppler)', needs: 'pdftoppm', pkg: 'poppler-utils' },
  { what: 'pdfinfo (poppler)', needs: 'pdfinfo', pkg: 'poppler-utils' },
  { what: 'pdffonts (poppler)', needs: 'pdffonts', pkg: 'poppler-utils' },
  { what: 'pdfimages (poppler)', needs: 'pdfimages', pkg: 'poppler-utils' },
  { what: 'qpdf', needs: 'qpdf', pkg: 'qpdf' },
  { what: 'opencc, the reference converter', needs: 'opencc', pkg: 'opencc' },
  { what: 'opencc_dict', needs: 'opencc_dict', pkg: 'opencc' },
  { what: 'Ghostscript', needs: 'gs', pkg: 'ghostscript' },
  { what: 'Chromium (playwright-core and Ace drive it)', needs: '/usr/bin/chromium', pkg: 'chromium' },
  { what: 'unzip', needs: 'unzip', pkg: 'unzip' },
  { what: 'zipinfo', needs: 'zipinfo', pkg: 'unzip' },
  { what: 'an OpenType (CFF) face to embed', needs: '/usr/share/fonts/opentype/urw-base35/C059-Roman.otf', pkg: 'fonts-urw-base35' },
  { what: 'Ace by DAISY (npm devDependency @daisy/ace-cli)', needs: join(ROOT, 'node_modules/.bin/ace-cli'), pkg: '' },
];

function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

export function missingTools(tools: readonly OutsideTool[] = OUTSIDE_TOOLS): OutsideTool[] {
  return tools.filter((t) => (t.needs.startsWith('/') ? !existsSync(t.needs) : !onPath(t.needs)));
}

/** The one message for what is missing, with the command that installs it; '' when nothing is. */
export function missingToolsMessage(missing: readonly OutsideTool[]): string {
  if (missing.length === 0) return '';
  const packages = [...new Set(missing.map((t) => t.pkg).filter(Boolean))];
  const lines = ['The tests need tools this machine does not have:', ...missing.map((t) => `  - ${t.what}: ${t.needs}`)];
  if (packages.length) lines.push('Install them with:', `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`);
  if (missing.some((t) => !t.pkg)) lines.push('and the npm devDependencies with:', '  npm ci');
  return lines.join('\n');
}
