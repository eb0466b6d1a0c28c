import { readFileSync } from 'node:fs';
import { templatePath } from '../paths.ts';
import { OFL } from './sources.ts';

/** A block of the licence's text: one of its section heads (PREAMBLE, DEFINITIONS…) or a paragraph. */
export interface LicenceBlock {
  kind: 'heading' | 'paragraph';
  text: string;
}

/**
 * The SIL Open Font License's own text (templates/licences/OFL-1.1.txt,
 * verbatim): an EPUB carries its fonts as files in its zip, which the OFL's
 * FAQ counts as bundling them, and a bundled font must travel with the
 * licence's full text. Blocks as the text breaks them (blank lines), each
 * paragraph one line; its rules of dashes left out.
 */
export function oflBlocks(): LicenceBlock[] {
  blocks ??= readFileSync(templatePath('licences', 'OFL-1.1.txt'), 'utf8')
    .split(/\n\s*\n/u)
    .flatMap((block): LicenceBlock[] => {
      const lines = block
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !/^-+$/u.test(line));
      if (lines.length === 0) return [];
      // A section's head stands on the first line of its block, in capitals.
      const head = lines.length > 1 && /^[A-Z &]+$/u.test(lines[0]) ? [{ kind: 'heading' as const, text: lines.shift()! }] : [];
      return [...head, { kind: lines.length === 1 && head.length === 0 && blockIsTitle(lines[0]) ? 'heading' : 'paragraph', text: lines.join(' ') }];
    });
  return blocks;
}

let blocks: LicenceBlock[] | undefined;

/** The licence's title line (SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007). */
function blockIsTitle(line: string): boolean {
  return line.startsWith('SIL OPEN FONT LICENSE');
}

/** Whether a face's licence, as the font sources name it, is the OFL. */
export function isOfl(license: string): boolean {
  return license.startsWith(OFL);
}
