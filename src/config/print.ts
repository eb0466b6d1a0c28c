/**
 * book.yaml `print:`, the physical edition: the printer whose file
 * specification the files follow, trim size, bleed, paper, and the facts the
 * copyright page (版权页) states. Lengths are in millimetres, as a printer's
 * spec sheet gives them, except where a printer states inches.
 */
import type { z as Zod } from 'zod';
import { EDITIONS, type EditionTag } from './editions.ts';
import { isoDate, shownText } from './fields.ts';
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

/**
 * The full sheet the book block is printed on and into how many pages it is
 * cut, as a mainland copyright page states its 开本 (787mm×1092mm 1/32) and
 * counts its 印张 (pages ÷ parts).
 */
export interface PressSheet {
  /** Width and height in mm. */
  size: [number, number];
  parts: number;
}

/** The sheets of the named trims: 32开 and 16开 from the 正度 sheet (787 × 1092), 大32开 from the 850 × 1168 one, A5 from the 880 × 1230 one. */
const PRESS_SHEETS: ReadonlyArray<{ trim: [number, number]; sheet: PressSheet }> = [
  { trim: TRIM_SIZES['32开'], sheet: { size: [787, 1092], parts: 32 } },
  { trim: TRIM_SIZES['大32开'], sheet: { size: [850, 1168], parts: 32 } },
  { trim: TRIM_SIZES['16开'], sheet: { size: [787, 1092], parts: 16 } },
  { trim: TRIM_SIZES.A5, sheet: { size: [880, 1230], parts: 32 } },
];

/** The sheet a named trim is cut from; none for a trim in millimetres, whose sheet only `print.sheet` names. */
export function pressSheet(trim: readonly [number, number]): PressSheet | undefined {
  return PRESS_SHEETS.find((s) => s.trim[0] === trim[0] && s.trim[1] === trim[1])?.sheet;
}

/** `787x1092 1/32` (× or x, mm optional): book.yaml's print.sheet, written as the imprint states it. */
const SHEET = /^(\d{3,4})\s*(?:mm)?\s*[x×]\s*(\d{3,4})\s*(?:mm)?\s+1\/([1-9]\d{0,2})$/u;

function parseSheet(text: string): PressSheet {
  const [, w, h, parts] = SHEET.exec(text.trim())!;
  return { size: [Number(w), Number(h)], parts: Number(parts) };
}

/** Whether a page of `trim` can be cut from 1/parts of the sheet: the sheet divided into a × b parts, either way round. */
function cutsFrom(trim: readonly [number, number], sheet: PressSheet): boolean {
  const [w, h] = sheet.size;
  for (let a = 1; a <= sheet.parts; a++) {
    if (sheet.parts % a !== 0) continue;
    const [pw, ph] = [w / a, h / (sheet.parts / a)];
    if ((trim[0] <= pw && trim[1] <= ph) || (trim[0] <= ph && trim[1] <= pw)) return true;
  }
  return false;
}

export const PRINTERS = ['offset', 'kdp', 'ingramspark'] as const;
export type Printer = (typeof PRINTERS)[number];

export const PAPERS = ['white', 'cream'] as const;

/** Pages an offset signature (折手) may have: a sheet folded once to four times. */
export const SIGNATURES = [4, 8, 16, 32] as const;
export type Paper = (typeof PAPERS)[number];

/** A value per edition, like `isbn:`; an edition left out takes the book's own (or none). */
const perEdition = z.partialRecord(z.enum(EDITIONS), shownText);

export const printSchema = z
  .object({
    printer: z.enum(PRINTERS),
    trim: z.union([
      z.enum(Object.keys(TRIM_SIZES) as [string, ...string[]]),
      // Below 80 mm no text block with running heads fits; above 500 mm is a poster, not a book.
      z.tuple([z.number().min(80).max(500), z.number().min(80).max(500)]),
    ]),
    bleed: z.number().min(0).max(10),
    paper: z.enum(PAPERS),
    paperThickness: z.number().positive().max(1),
    signature: z
      .number()
      .int()
      .refine((n) => (SIGNATURES as readonly number[]).includes(n), { message: `expected the pages of one signature: ${SIGNATURES.join(', ')}` }),
    /** A characterised printing condition in the ICC registry (https://www.color.org/registry/). */
    outputCondition: z.string().regex(/^[A-Za-z0-9_.-]+$/u, 'expected a registered condition name such as FOGRA39 or CGATS21_CRPC6'),
    edition: z.union([z.number().int().min(1), shownText]),
    printing: z.number().int().min(1),
    printed: isoDate,
    publisher: perEdition,
    price: perEdition,
    cip: perEdition,
    sheet: z.string().regex(SHEET, 'expected the sheet in mm and the parts it is cut into, as 开本 is stated: 787x1092 1/32'),
  })
  .partial()
  .strict();

export type PrintInput = Zod.infer<typeof printSchema>;

export interface PrintSettings {
  printer: Printer;
  /** Trim width and height in mm. */
  trim: [number, number];
  /** Offset only: bleed on every side, in mm. KDP and IngramSpark fix their own (see printers.ts). */
  bleed: number;
  /** KDP's paper stock, which fixes its spine factor; absent when a thickness is given instead. */
  paper?: Paper;
  /** One leaf (two pages) of the text paper, in mm: the spine is pages ÷ 2 × this. */
  paperThickness: number;
  /**
   * The book block's page count is made a multiple of this with blank pages
   * at its end: offset presses print and fold whole signatures (16 pages by
   * default); print-on-demand binds any even count (2).
   */
  signature: number;
  /** The OutputIntent's OutputConditionIdentifier (PDF/X): the press the CMYK values are meant for. */
  outputCondition: string;
  /** 版次: a number (第2版) or the statement as written (修订版). */
  edition: number | string;
  /** 印次: the n-th printing of this edition. */
  printing: number;
  /** Date of this printing, YYYY-MM-DD; without it the copyright page falls back to `published`. */
  printed?: string;
  /** Per edition, the print edition's publisher when it is not the book's `publisher` (a Taiwan licensee, say). */
  publisher: Partial<Record<EditionTag, string>>;
  /** Per edition, the price as the imprint page and back cover state it (定价 48.00元, 定價 新臺幣380元). */
  price: Partial<Record<EditionTag, string>>;
  /**
   * Per edition, the cataloguing-in-publication record as its library issued
   * it (图书在版编目（CIP）数据, 國家圖書館出版品預行編目資料), line by line: set
   * at the head of the copyright page, as written.
   */
  cip: Partial<Record<EditionTag, string>>;
  /** The sheet the book block is printed on (the zh-Hans copyright page's 开本 and 印张): print.sheet, else the named trim's; none for a trim in mm alone. */
  sheet?: PressSheet;
}

export const DEFAULT_PRINT: PrintSettings = {
  printer: 'offset',
  trim: TRIM_SIZES.A5,
  bleed: 3,
  paperThickness: 0.1,
  signature: 16,
  outputCondition: 'FOGRA39',
  edition: 1,
  printing: 1,
  publisher: {},
  price: {},
  cip: {},
  sheet: pressSheet(TRIM_SIZES.A5),
};

/** Inches per page of KDP's paper, from its cover calculator; IngramSpark's 50# white and creme bulk alike (README: Print edition). */
export const KDP_PAPER_PER_PAGE: Record<Paper, number> = { white: 0.002252, cream: 0.0025 };

/** Keys that contradict each other or the printer: [path under print, message]. */
export function printConflicts(input: PrintInput | undefined): Array<{ key: string; message: string }> {
  const out: Array<{ key: string; message: string }> = [];
  if (!input) return out;
  if (input.paper !== undefined && input.paperThickness !== undefined) {
    out.push({ key: 'paperThickness', message: 'print.paper and print.paperThickness both set the spine: give one (paper for KDP\'s stocks, paperThickness in mm per leaf)' });
  }
  const printer = input.printer ?? DEFAULT_PRINT.printer;
  if (input.bleed !== undefined && printer !== 'offset') {
    out.push({ key: 'bleed', message: `print.bleed does not apply to ${printer}: its specification fixes the bleed at 0.125 in on the top, bottom and outer edges` });
  }
  if (input.signature !== undefined && printer !== 'offset') {
    out.push({ key: 'signature', message: `print.signature does not apply to ${printer}: it prints each copy on demand and binds any even page count` });
  }
  if (input.sheet !== undefined && SHEET.test(input.sheet.trim())) {
    const trim = trimOf(input);
    const sheet = parseSheet(input.sheet);
    if (!cutsFrom(trim, sheet)) {
      out.push({ key: 'sheet', message: `print.sheet: a ${trim[0]} × ${trim[1]} mm page cannot be cut from 1/${sheet.parts} of a ${sheet.size[0]} × ${sheet.size[1]} mm sheet; give the sheet and parts the printer prints the book on` });
    }
  }
  return out;
}

function trimOf(input: PrintInput | undefined): [number, number] {
  return input?.trim === undefined ? DEFAULT_PRINT.trim : typeof input.trim === 'string' ? TRIM_SIZES[input.trim] : input.trim;
}

export function resolvePrint(input: PrintInput | undefined): PrintSettings {
  const trim = trimOf(input);
  const printer = input?.printer ?? DEFAULT_PRINT.printer;
  // Print-on-demand stocks: white unless the author says cream (IngramSpark's 50# stocks bulk as KDP's); offset takes a thickness.
  const paper = input?.paper ?? (printer !== 'offset' && input?.paperThickness === undefined ? 'white' : undefined);
  return {
    printer,
    trim: [trim[0], trim[1]],
    bleed: printer === 'offset' ? (input?.bleed ?? DEFAULT_PRINT.bleed) : 0.125 * 25.4,
    paper,
    paperThickness: paper ? 2 * KDP_PAPER_PER_PAGE[paper] * 25.4 : (input?.paperThickness ?? DEFAULT_PRINT.paperThickness),
    signature: printer === 'offset' ? (input?.signature ?? DEFAULT_PRINT.signature) : 2,
    outputCondition: input?.outputCondition ?? DEFAULT_PRINT.outputCondition,
    edition: input?.edition ?? DEFAULT_PRINT.edition,
    printing: input?.printing ?? DEFAULT_PRINT.printing,
    printed: input?.printed,
    publisher: { ...input?.publisher },
    price: { ...input?.price },
    cip: { ...input?.cip },
    sheet: input?.sheet !== undefined ? parseSheet(input.sheet) : pressSheet(trim),
  };
}
