/**
 * book.yaml's publication keys: `isbn` (one per edition and format), `toc`
 * (what the contents lists) and `accessibility` (what the EPUB's
 * accessibility metadata may say beyond what the build derives).
 */
import type { z as Zod } from 'zod';
import { z } from './zod.ts';
import { EDITIONS, type EditionTag } from './editions.ts';
import { isbnDigits, isValidIsbn } from './isbn.ts';

const isbn = z.string().refine(isValidIsbn, 'not a valid ISBN-13 or ISBN-10 (check the digits and the check digit)');

/** Each format of each edition is its own product, with its own ISBN; either may be left out. */
export const isbnSchema = z.partialRecord(z.enum(EDITIONS), z.object({ epub: isbn, print: isbn }).partial().strict());

export const tocSchema = z
  .object({
    /** 1 chapters, 2 with sections, 3 with subsections (the default). */
    depth: z.number().int().min(1).max(3),
    /** List the sections every chapter has (the opening poem, the recap, the author's note). */
    routine: z.boolean(),
  })
  .partial()
  .strict();

export const accessibilitySchema = z
  .object({
    /** Replaces the summary the build writes; in Simplified, converted for each edition like the description. */
    summary: z.string().min(1),
    /**
     * Who evaluated the book against WCAG by hand. Only then does the EPUB claim
     * conformance: Ace checks what a machine can, WCAG needs a person.
     */
    certifiedBy: z.string().min(1),
  })
  .partial()
  .strict();

export type IsbnInput = Zod.infer<typeof isbnSchema>;

/** The ISBNs of one edition, as the author hyphenated them, without a leading "ISBN". */
export interface EditionIsbns {
  epub?: string;
  print?: string;
}

export interface TocOptions {
  depth: 1 | 2 | 3;
  routine: boolean;
}

export const DEFAULT_TOC: TocOptions = { depth: 3, routine: false };

export function resolveToc(input: Zod.infer<typeof tocSchema> | undefined): TocOptions {
  return { depth: (input?.depth ?? DEFAULT_TOC.depth) as TocOptions['depth'], routine: input?.routine ?? DEFAULT_TOC.routine };
}

export function resolveIsbns(input: IsbnInput | undefined): Partial<Record<EditionTag, EditionIsbns>> {
  const out: Partial<Record<EditionTag, EditionIsbns>> = {};
  for (const [edition, formats] of Object.entries(input ?? {}) as Array<[EditionTag, EditionIsbns]>) {
    out[edition] = {
      ...(formats.epub ? { epub: formatIsbn(formats.epub) } : {}),
      ...(formats.print ? { print: formatIsbn(formats.print) } : {}),
    };
  }
  return out;
}

/** Where the same number stands twice: [edition, format] of each repeat after the first. */
export function repeatedIsbns(input: IsbnInput | undefined): Array<{ path: [EditionTag, 'epub' | 'print']; first: [EditionTag, 'epub' | 'print'] }> {
  const seen = new Map<string, [EditionTag, 'epub' | 'print']>();
  const repeats: Array<{ path: [EditionTag, 'epub' | 'print']; first: [EditionTag, 'epub' | 'print'] }> = [];
  for (const [edition, formats] of Object.entries(input ?? {}) as Array<[EditionTag, EditionIsbns]>) {
    for (const format of ['epub', 'print'] as const) {
      const value = formats[format];
      if (!value) continue;
      const key = isbnDigits(value, true);
      const first = seen.get(key);
      if (first) repeats.push({ path: [edition, format], first });
      else seen.set(key, [edition, format]);
    }
  }
  return repeats;
}

function formatIsbn(s: string): string {
  return s.replace(/^ISBN[-:\s]*/iu, '').trim();
}
