import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingTools, missingToolsMessage, OUTSIDE_TOOLS } from './setup/outside-tools.ts';

describe('the check of outside tools before the suite', () => {
  it('finds every tool the suite uses on this machine', () => {
    expect(missingTools()).toEqual([]);
  });

  it('names each missing tool once, with the one apt command that installs them', () => {
    const tools = [
      { what: 'mutool (MuPDF)', needs: 'mutool-that-is-not-installed', pkg: 'mupdf-tools' },
      { what: 'pdfinfo (poppler)', needs: 'pdfinfo-that-is-not-installed', pkg: 'poppler-utils' },
      { what: 'pdftotext (poppler)', needs: '/nonexistent/pdftotext', pkg: 'poppler-utils' },
      { what: 'Ace by DAISY', needs: '/nonexistent/ace-cli', pkg: '' },
      { what: 'a shell', needs: 'sh', pkg: 'dash' },
    ];
    const missing = missingTools(tools);
    expect(missing.map((t) => t.needs)).toEqual(['mutool-that-is-not-installed', 'pdfinfo-that-is-not-installed', '/nonexistent/pdftotext', '/nonexistent/ace-cli']);
    const message = missingToolsMessage(missing);
    expect(message).toContain('  - mutool (MuPDF): mutool-that-is-not-installed');
    expect(message).toContain('apt-get update && sudo apt-get install -y --no-install-recommends mupdf-tools poppler-utils\n');
    expect(message).toContain('npm ci');
    expect(message).not.toContain('null');
    expect(missingToolsMessage([])).toBe('');
  });

  it('asks for the packages .ci/run installs, and no other', () => {
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    const installed = /apt-get install -y --no-install-recommends ([^\n]+)/u.exec(ci)![1].split(/\s+/u);
    for (const pkg of new Set(OUTSIDE_TOOLS.map((t) => t.pkg).filter(Boolean))) expect(installed, pkg).toContain(pkg);
  });
});
