import { readFileSync } from 'node:fs';
import { templatePath } from '../paths.ts';
import { parse } from 'yaml';
import type { z as Zod } from 'zod';
import { z } from '../config/zod.ts';
import { fail } from '../diagnostics.ts';

/** Points per millimetre. */
export const MM = 72 / 25.4;

/** Named trim sizes in mm: ISO and the Chinese 开本. */
export const PAGE_SIZES: Record<string, [number, number]> = {
  A5: [148, 210],
  A4: [210, 297],
  B5: [176, 250],
  '32k': [130, 184],
  big32k: [140, 203],
  '16k': [185, 260],
};

/** A process colour as percentages of cyan, magenta, yellow and black: print files carry no RGB. */
const cmyk = z.tuple([z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100)]);

/** A scale or size, above 0; a margin or indent, 0 or more (mm in `print`, points elsewhere). */
const positive = () => z.number().positive();
const length = () => z.number().nonnegative();

const themeSchema = z
  .object({
    page: z
      .object({
        size: z.union([z.enum(Object.keys(PAGE_SIZES) as [string, ...string[]]), z.tuple([positive(), positive()])]),
        marginTop: length(),
        marginInner: length(),
        marginOuter: length(),
      })
      .strict(),
    body: z.object({ size: positive(), lineHeight: z.number().min(1), measure: z.number().int().positive(), lines: z.number().int().positive(), indent: length() }).strict(),
    headings: z.object({ chapterLabelScale: positive(), chapterTitleScale: positive(), sectionScale: positive(), subsectionScale: positive() }).strict(),
    note: z.object({ scale: positive() }).strict(),
    furniture: z.object({ size: positive(), runningHeads: z.boolean() }).strict(),
    print: z.object({ marginInner: length(), marginOuter: length(), marginTop: length(), marginBottom: length(), markLength: positive() }).strict(),
    cover: z.object({ background: cmyk, ink: cmyk, barcodeHeight: positive() }).strict(),
  })
  .strict();

export type ThemeInput = Zod.infer<typeof themeSchema>;

export interface Theme extends ThemeInput {
  pageWidth: number;
  pageHeight: number;
  /** Line pitch of body text. */
  pitch: number;
  /** Length of a body line: measure × body size, in points. */
  measureLength: number;
}

const DEFAULT_THEME = templatePath('pdf-theme.yaml');

export function loadTheme(path: string = DEFAULT_THEME): Theme {
  const parsed = themeSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail('theme:invalid', `${issue.path.join('.')}: ${issue.message}`, { file: path });
  }
  const t = parsed.data;
  const [w, h] = typeof t.page.size === 'string' ? PAGE_SIZES[t.page.size] : t.page.size;
  const theme: Theme = { ...t, pageWidth: w * MM, pageHeight: h * MM, pitch: t.body.size * t.body.lineHeight, measureLength: t.body.measure * t.body.size };
  if (theme.measureLength + t.page.marginInner + t.page.marginOuter > theme.pageWidth + 0.01) {
    fail('theme:invalid', `a ${t.body.measure}-em measure does not fit the page with these margins`, { file: path });
  }
  return theme;
}

/**
 * The theme for columns (直排) in the text block a horizontal theme gives:
 * the block keeps its width and height, the measure becomes the whole ems
 * that fit its height, and the lines the columns that fit its width.
 */
export function columnTheme(theme: Theme): Theme {
  const width = theme.measureLength;
  const height = theme.pitch * theme.body.lines;
  const measure = Math.floor(height / theme.body.size + 1e-6);
  const lines = Math.floor(width / theme.pitch + 1e-6);
  return { ...theme, body: { ...theme.body, measure, lines }, measureLength: measure * theme.body.size };
}
