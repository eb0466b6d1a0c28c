/**
 * book.yaml's publication keys: `isbn` (one per edition, format and layout), `toc`
 * (what the contents lists) and `accessibility` (what the EPUB's
 * accessibility metadata may say beyond what the build derives).
 */
import type { z as Zod } from 'zod';
import { shownText } from './fields.ts';
import { z } from './zod.ts';
import { EDITIONS, type EditionTag, type Layout } from './editions.ts';
import { isbnDigits, isValidIsbn } from './isbn.ts';

/**
 * An ISBN-13 written bare (isbn: 9787111111112) is a number to YAML, and is
 * taken as its digits: no ISBN-13 starts with 0. Any other number is refused,
 * as an ISBN-10 read as one would have lost a leading 0 or its X.
 */
const isbn = z.preprocess(
  (v) => (typeof v === 'number' && Number.isSafeInteger(v) && /^97[89]\d{10}$/u.test(String(v)) ? String(v) : v),
  z
    .string({ error: (issue) => (typeof issue.input === 'number' ? 'write this ISBN in quotes, as text: read as a number, an ISBN-10 loses a leading 0 and cannot end in X' : undefined) })
    .refine(isValidIsbn, 'not a valid ISBN-13 or ISBN-10 (check the digits and the check digit)'),
);

const formatIsbns = { epub: isbn, print: isbn };

/**
 * Each format of each edition is its own product, with its own ISBN; either
 * may be left out. A vertical (直排) edition sold as a product of its own has
 * its own too, under `vertical`.
 */
export const isbnSchema = z.partialRecord(
  z.enum(EDITIONS),
  z
    .object({ ...formatIsbns, vertical: z.object(formatIsbns).partial().strict() })
    .partial()
    .strict(),
);

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
    summary: shownText,
    /**
     * Who evaluated the book against WCAG by hand. Only then does the EPUB claim
     * conformance: Ace checks what a machine can, WCAG needs a person.
     */
    certifiedBy: shownText,
  })
  .partial()
  .strict();

export type IsbnInput = Zod.infer<typeof isbnSchema>;

/** The ISBNs of one layout's products, as the author hyphenated them, without a leading "ISBN". */
export interface LayoutIsbns {
  epub?: string;
  print?: string;
}

/** The ISBNs of one edition: its horizontal products', and its vertical ones' where they have their own. */
export interface EditionIsbns extends LayoutIsbns {
  vertical?: LayoutIsbns;
}

/**
 * The ISBNs a layout's outputs carry: a vertical product's own where
 * book.yaml gives one, else the edition's (one number for both layouts,
 * when only one of them is sold).
 */
export function isbnsFor(isbns: EditionIsbns | undefined, layout: Layout | undefined): LayoutIsbns {
  if (!isbns) return {};
  if (layout !== 'vertical') return { epub: isbns.epub, print: isbns.print };
  return { epub: isbns.vertical?.epub ?? isbns.epub, print: isbns.vertical?.print ?? isbns.print };
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
  const layoutIsbns = (formats: LayoutIsbns): LayoutIsbns => ({
    ...(formats.epub ? { epub: formatIsbn(formats.epub) } : {}),
    ...(formats.print ? { print: formatIsbn(formats.print) } : {}),
  });
  for (const [edition, formats] of Object.entries(input ?? {}) as Array<[EditionTag, EditionIsbns]>) {
    out[edition] = { ...layoutIsbns(formats), ...(formats.vertical ? { vertical: layoutIsbns(formats.vertical) } : {}) };
  }
  return out;
}

/** Where an ISBN stands in book.yaml: edition, `vertical` for a vertical product, and format. */
type IsbnPath = [EditionTag, 'epub' | 'print'] | [EditionTag, 'vertical', 'epub' | 'print'];

/** Where the same number stands twice: the path of each repeat after the first. */
export function repeatedIsbns(input: IsbnInput | undefined): Array<{ path: IsbnPath; first: IsbnPath }> {
  const seen = new Map<string, IsbnPath>();
  const repeats: Array<{ path: IsbnPath; first: IsbnPath }> = [];
  for (const [edition, formats] of Object.entries(input ?? {}) as Array<[EditionTag, EditionIsbns]>) {
    for (const format of ['epub', 'print'] as const) {
      const places: Array<[IsbnPath, string | undefined]> = [
        [[edition, format], formats[format]],
        [[edition, 'vertical', format], formats.vertical?.[format]],
      ];
      for (const [path, value] of places) {
        if (!value) continue;
        const key = isbnDigits(value, true);
        const first = seen.get(key);
        if (first) repeats.push({ path, first });
        else seen.set(key, path);
      }
    }
  }
  return repeats;
}

function formatIsbn(s: string): string {
  return s.replace(/^ISBN[-:\s]*/iu, '').trim();
}
