/**
 * book.yaml `print:`, the physical edition: trim size, bleed, paper, and the
 * facts the copyright page (版权页) states. Lengths are in millimetres, as a
 * printer's spec sheet gives them.
 */
import type { z as Zod } from 'zod';
import { z } from './zod.ts';

/** Named trim sizes in mm (width × height): ISO A5 and the common Chinese 开本. */
export const TRIM_SIZES: Record<string, [number, number]> = {
  A5: [148, 210],
  '32开': [130, 184],
  '大32开': [140, 203],
  '16开': [185, 260],
  // ASCII spellings for keyboards without a Chinese input method.
  '32k': [130, 184],
  big32k: [140, 203],
  '16k': [185, 260],
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const printSchema = z
  .object({
    trim: z.union([
      z.enum(Object.keys(TRIM_SIZES) as [string, ...string[]]),
      // Below 80 mm no text block with running heads fits; above 500 mm is a poster, not a book.
      z.tuple([z.number().min(80).max(500), z.number().min(80).max(500)]),
    ]),
    bleed: z.number().min(0).max(10),
    paperThickness: z.number().positive().max(1),
    edition: z.union([z.number().int().min(1), z.string().min(1)]),
    printing: z.number().int().min(1),
    printed: isoDate,
  })
  .partial()
  .strict();

export type PrintInput = Zod.infer<typeof printSchema>;

export interface PrintSettings {
  /** Trim width and height in mm. */
  trim: [number, number];
  bleed: number;
  /** One leaf (two pages) of the text paper, in mm: the spine is pages ÷ 2 × this. */
  paperThickness: number;
  /** 版次: a number (第2版) or the statement as written (修订版). */
  edition: number | string;
  /** 印次: the n-th printing of this edition. */
  printing: number;
  /** Date of this printing, YYYY-MM-DD; without it the copyright page falls back to `published`. */
  printed?: string;
}

export const DEFAULT_PRINT: PrintSettings = { trim: TRIM_SIZES.A5, bleed: 3, paperThickness: 0.1, edition: 1, printing: 1 };

export function resolvePrint(input: PrintInput | undefined): PrintSettings {
  const trim = input?.trim === undefined ? DEFAULT_PRINT.trim : typeof input.trim === 'string' ? TRIM_SIZES[input.trim] : input.trim;
  return {
    trim: [trim[0], trim[1]],
    bleed: input?.bleed ?? DEFAULT_PRINT.bleed,
    paperThickness: input?.paperThickness ?? DEFAULT_PRINT.paperThickness,
    edition: input?.edition ?? DEFAULT_PRINT.edition,
    printing: input?.printing ?? DEFAULT_PRINT.printing,
    printed: input?.printed,
  };
}
