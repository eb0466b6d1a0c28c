import type { PrintSettings } from '../../config/print.ts';
import { isbn13Digits } from '../../config/isbn.ts';
import { isbnsFor } from '../../config/publication.ts';
import type { FontRole } from '../../fonts/sources.ts';
import { coverTitleLines } from '../../cover/cover-title.ts';
import { inlineAtoms, punctuationStyle, type AtomContext } from '../../typeset/atoms.ts';
import { ean13Modules, isGuardModule } from './ean13.ts';
import { GlyphWriter } from '../pdf/glyph-writer.ts';
import { composeParagraph, type Align, type ComposedLine } from '../../typeset/line-breaker.ts';
import { CidFonts } from '../pdf/cid-fonts.ts';
import { PdfDocument } from '../pdf/pdfkit-adapter.ts';
import { HORIZONTAL } from '../../typeset/axis.ts';
import { layoutFontSet } from '../../typeset/layout-face.ts';
import type { PdfInput } from '../pdf/pdf.ts';
import { drawMarks, printSheet, setPageBoxes } from './sheet.ts';
import { coverPrice } from '../copyright-lines.ts';
import { Preflight } from './preflight.ts';
import { pdfxIntent, type PrinterSpec } from './printers.ts';
import { loadTheme, MM } from '../../typeset/theme.ts';
import { VerticalText } from './spine-text.ts';

export interface CoverInput extends PdfInput {
  print: PrintSettings;
  /** Physical pages of the print PDF, blanks included. */
  pages: number;
  spec: PrinterSpec;
  /** The cover's file name, for what preflight reports about it. */
  coverOutput?: string;
  /** A right-bound book (vertical, 直排): the front panel left of the spine, the back right of it. */
  rightBound?: boolean;
}

/** The smallest the back's description is set at to fit above the barcode. */
const MIN_BLURB_TYPE = 6;
/** Below this the spine's type is too small to read. */
const MIN_SPINE_TYPE = 5;
/** EAN-13 at 100% magnification (ISO/IEC 15420): the bars' height, and the module. */
const BARCODE_HEIGHT = 22.85 * MM;
const BARCODE_MODULE = 0.33 * MM;
/** Type keeps this far inside the trim (on top of the bleed a cutter may drift into). */
const SAFE = 12 * MM;

/** Spine width in points: one leaf per two pages. */
export function spineWidth(pages: number, print: PrintSettings): number {
  return (pages / 2) * print.paperThickness * MM;
}

/**
 * The cover as one sheet: back, spine and front side by side, the
 * background printed to the bleed, crop marks at the corners and fold marks
 * at the spine. Set with the book's faces through the composer; colours in
 * CMYK from the theme, black bars on white for the barcode.
 */
export async function renderCover(input: CoverInput): Promise<Buffer> {
  const { book, plan, print, diagnostics } = input;
  const theme = input.theme ?? loadTheme();
  const fonts = layoutFontSet(plan, input.webFonts);
  const style = punctuationStyle(book.edition);
  const W = print.trim[0] * MM;
  const H = print.trim[1] * MM;
  const S = spineWidth(input.pages, print);
  const spec = input.spec;
  // A cover bleeds on all four sides for every printer; only offset sheets carry marks.
  const sheet = printSheet(2 * W + S, H, print.bleed, spec.marks ? theme.print.markLength : 0);
  const ink = cmyk(theme.cover.ink);
  new Preflight(spec, diagnostics, input.coverOutput).ink([theme.cover.background, theme.cover.ink], input.coverOutput);

  const pdf = new PdfDocument({
    title: book.meta.title,
    author: book.meta.author,
    subject: book.meta.description ?? book.meta.subtitle ?? '',
    lang: book.edition,
    modified: book.meta.modified,
    pdfx: pdfxIntent(print),
    fileName: input.coverOutput,
  });
  const doc = pdf.doc;
  const cid = new CidFonts(pdf);
  const writer = new GlyphWriter(pdf, cid);
  writer.fill = ink;
  pdf.addPage(sheet.mediaWidth, sheet.mediaHeight);
  setPageBoxes(pdf, sheet);
  const X = (x: number) => sheet.trimX + x;
  const Y = (y: number) => sheet.trimY + y;
  const b = sheet.bleed;
  fillRect(X(-b), Y(-b), 2 * W + S + 2 * b, H + 2 * b, cmyk(theme.cover.background));

  const atomCtx = (role: FontRole, size: number): AtomContext => ({ fonts, axis: HORIZONTAL, role, size, style });
  const compose = (text: string, role: FontRole, size: number, measure = 1e5, align: Align = 'left', indent = 0): ComposedLine[] =>
    composeParagraph({ atoms: inlineAtoms([{ kind: 'text', text, line: 0 }], atomCtx(role, size)), measure, firstIndent: indent, restIndent: 0, align, em: size });
  const centred = (text: string, role: FontRole, size: number, cx: number, baseline: number) => {
    const [line] = compose(text, role, size);
    if (line) writer.line(line, cx - line.inlineSize / 2, baseline);
  };

  // Seen from outside with the spine in the middle, a left-bound book has its back on the left and its
  // front on the right; a right-bound (vertical) book the other way round (Ingram: front cover on the left).
  const front = input.rightBound ? 0 : W + S;
  const backAt = input.rightBound ? W + S : 0;
  // Front: a frame of two rules, the title across the upper third, author and publisher below.
  const fx = front + W / 2;
  frame(X(front + SAFE - 3 * MM), Y(SAFE - 3 * MM), W - 2 * (SAFE - 3 * MM), H - 2 * (SAFE - 3 * MM));
  // A long title in two lines, as the drawn cover sets it (cover-title.ts); a long subtitle shrunk to the room.
  const room = W - 2 * SAFE - 10 * MM;
  const titleLines = coverTitleLines(book.meta.title);
  const titleSize = Math.min(theme.body.size * 3.6, room / Math.max(1, ...titleLines.map((l) => [...l].length)));
  titleLines.forEach((line, k) => centred(line, 'heading', titleSize, X(fx), Y(H * 0.3 + k * titleSize * 1.25)));
  const subtitleAt = H * 0.3 + (titleLines.length - 1) * titleSize * 1.25 + titleSize * 1.2;
  // Each line shrunk to the room when it would outrun it: past the frame it would run into the trim.
  const fitted = (text: string, size: number) => Math.min(size, room / Math.max(1, [...text].length));
  if (book.meta.subtitle) centred(book.meta.subtitle, 'body', fitted(book.meta.subtitle, theme.body.size * 1.3), X(fx), Y(subtitleAt));
  centred(book.meta.author, 'body', fitted(book.meta.author, theme.body.size * 1.3), X(fx), Y(H * 0.6));
  if (book.meta.publisher) centred(book.meta.publisher, 'body', fitted(book.meta.publisher, theme.body.size * 1.05), X(fx), Y(H - SAFE - 6 * MM));

  spine();
  back();
  drawMarks(pdf, sheet, [W, W + S]);
  await cid.embed();
  return pdf.finish();

  /**
   * Title, author and publisher down the spine, upright, each part only at
   * 5 pt or more and clear of both folds by the printer's allowance: the
   * publisher goes first, then the author, and a spine too thin for the
   * title at 5 pt, or thinner than the printer allows type on, stays blank.
   */
  function spine(): void {
    const thin = (why: string) =>
      diagnostics.info('print:thin-spine', `the spine is ${(S / MM).toFixed(1)} mm (${input.pages} pages${print.paper ? ` of ${print.paper} paper` : ` × ${print.paperThickness} mm per leaf ÷ 2`}): ${why}, so it is left blank`, {
        file: input.coverOutput,
      });
    if (spec.spineTextFrom !== undefined && input.pages < spec.spineTextFrom) {
      thin(`${spec.printer} allows spine text from ${spec.spineTextFrom} pages`);
      return;
    }
    // Upright Han characters are an em wide: the type is at most the width between the clearances.
    const across = S - 2 * spec.spineClearance * MM;
    let size = Math.min(theme.body.size * 1.4, across);
    if (size < MIN_SPINE_TYPE) {
      thin(`type at least ${MIN_SPINE_TYPE} pt, ${spec.spineClearance} mm clear of each fold, does not fit`);
      return;
    }
    const room = H - 2 * SAFE;
    const parts = (n: number, s: number) => {
      const title = new VerticalText(book.meta.title, atomCtx('heading', s), s * 0.25);
      const author = n > 1 ? new VerticalText(book.meta.author, atomCtx('body', s * 0.8), s * 0.1) : undefined;
      const imprint = n > 2 && book.meta.publisher ? new VerticalText(book.meta.publisher, atomCtx('body', s * 0.7), s * 0.1) : undefined;
      return { title, author, imprint, height: title.height + (author ? author.height + s * 2 : 0) + (imprint ? imprint.height + s * 2 : 0) };
    };
    // The most parts whose smallest type is still 5 pt: title, author (0.8), publisher (0.7).
    const count = size * 0.7 >= MIN_SPINE_TYPE ? 3 : size * 0.8 >= MIN_SPINE_TYPE ? 2 : 1;
    const smallest = [1, 0.8, 0.7][count - 1];
    let laid = parts(count, size);
    // Shrink until the parts fit between the safe margins with their gaps, but not below 5 pt.
    while (laid.height > room && size * 0.9 * smallest >= MIN_SPINE_TYPE) {
      size *= 0.9;
      laid = parts(count, size);
    }
    if (laid.height > room) {
      thin(`its title does not fit at ${MIN_SPINE_TYPE} pt`);
      return;
    }
    const cx = X(W + S / 2);
    laid.title.draw(pdf, writer, cx, Y(SAFE));
    laid.author?.draw(pdf, writer, cx, Y(SAFE + laid.title.height + size * 2));
    laid.imprint?.draw(pdf, writer, cx, Y(H - SAFE - laid.imprint.height));
  }

  /** The blurb (book.yaml description) at the head of the back; the ISBN as text and EAN-13 bars at its foot. */
  function back(): void {
    const size = theme.body.size;
    const isbn = isbnsFor(book.meta.isbn, input.layout).print;
    const price = coverPrice(book.edition, print);
    const bottom = isbn ? H - SAFE - barcodeBox().height : H - SAFE;
    // The description keeps 4 mm clear of the price over the barcode (its baseline 2 mm above it), or of the safe margin.
    if (book.meta.description) blurb(book.meta.description, bottom - (price ? 2 * MM + size : 0) - 4 * MM);
    const top = isbn ? barcode(isbn, X(backAt + W - SAFE), Y(H - SAFE)) : Y(H - SAFE);
    if (price) {
      const [line] = compose(price, 'body', size);
      if (line) writer.line(line, X(backAt + W - SAFE) - line.inlineSize, top - 2 * MM);
    }
  }

  /**
   * The description from the back's head down to `foot`, at the body's size
   * unless that would run it into the barcode: then smaller, a quarter point
   * at a time, with a warning once it is smaller than a reader reads with
   * ease. Never over the barcode, which a scanner would then misread.
   */
  function blurb(text: string, foot: number): void {
    const size = theme.body.size;
    const from = SAFE + 10 * MM;
    const set = (s: number) => {
      const measure = Math.floor((W - 2 * SAFE - 8 * MM) / s) * s;
      return { s, measure, pitch: (theme.pitch * s) / size, lines: compose(text, 'body', s, measure, 'justify', theme.body.indent * s) };
    };
    // The last line's descent (a fifth of an em) stays above the foot.
    const fits = (l: ReturnType<typeof set>, n = l.lines.length) => from + (n - 1) * l.pitch + 0.2 * l.s <= foot;
    let laid = set(size);
    while (!fits(laid) && laid.s - 0.25 >= MIN_BLURB_TYPE) laid = set(laid.s - 0.25);
    let shown = laid.lines.length;
    while (shown > 0 && !fits(laid, shown)) shown--;
    const left = (W - laid.measure) / 2;
    laid.lines.slice(0, shown).forEach((line, i) => writer.line(line, X(backAt + left), Y(from + i * laid.pitch)));
    const at = { file: book.meta.textFile, line: book.meta.textLines?.description };
    if (shown < laid.lines.length) {
      const cut = laid.lines.slice(shown).reduce((n, l) => n + l.atoms.reduce((k, a) => k + [...a.text].length, 0), 0);
      diagnostics.warn('print:blurb-long', `the description does not fit the back cover above the barcode even at ${MIN_BLURB_TYPE} pt: its last ${cut} characters are left off the cover; shorten it`, at);
    } else if (laid.s < size * 0.8 - 1e-9) {
      const pt = (n: number) => Number(n.toFixed(2));
      diagnostics.warn('print:blurb-small', `the description is set at ${pt(laid.s)} pt to fit the back cover above the barcode, where the body is ${pt(size)} pt: shorten it to set it at ${pt(size * 0.8)} pt or more`, at);
    }
  }

  /**
   * A white box with the edition's print ISBN over EAN-13 bars, its
   * bottom-right corner at (right, bottom); returns its top. The bars stand
   * at their nominal height unless the box would take more than a third of
   * the back's height, and never below the theme's barcodeHeight.
   */
  function barcode(isbn: string, right: number, bottom: number): number {
    const bits = ean13Modules(isbn13Digits(isbn));
    const { module, textSize, pad, digitsDrop, barHeight, width, height } = barcodeBox();
    const x0 = right - width;
    const y0 = bottom - height;
    fillRect(x0, y0, width, height, cmyk([0, 0, 0, 0]));
    const black = cmyk([0, 0, 0, 100]);
    writer.fill = black;
    const cx = x0 + width / 2;
    centred(`ISBN ${isbn}`, 'body', textSize, cx, y0 + pad + textSize);
    const barsTop = y0 + pad + textSize * 1.5;
    const barsLeft = x0 + pad + 11 * module;
    doc.save();
    doc.addContent(black);
    for (let i = 0; i < bits.length; i++) {
      if (bits[i] === '1') doc.rect(barsLeft + i * module, barsTop, module, barHeight + (isGuardModule(i) ? module * 5 : 0));
    }
    doc.fill();
    doc.restore();
    // The digits as GS1 sets them: the first in the quiet zone before the start guard, then each
    // half's six under its bars, between the guards (modules 3–44 and 50–91).
    const digits = isbn13Digits(isbn);
    const baseline = barsTop + barHeight + digitsDrop;
    centred(digits[0], 'body', textSize, barsLeft - 6 * module, baseline);
    centred(digits.slice(1, 7), 'body', textSize, barsLeft + 24 * module, baseline);
    centred(digits.slice(7), 'body', textSize, barsLeft + 71 * module, baseline);
    writer.fill = ink;
    return y0;
  }

  /** The barcode box's measures: the bars stand at their nominal height unless the box would take more than a third of the back's height. */
  function barcodeBox() {
    const module = BARCODE_MODULE;
    const textSize = 8;
    const pad = 2 * MM;
    // Below the data bars: half a module clear of a digit as tall as 0.8 em (Noto's are 0.75), which
    // ink spread cannot close; the guard bars run down beside them. Digits have no descenders.
    const digitsDrop = module * 0.5 + textSize * 0.8;
    const around = pad + textSize * 1.5 + Math.max(module * 5, digitsDrop) + pad;
    const barHeight = Math.max(theme.cover.barcodeHeight * MM, Math.min(BARCODE_HEIGHT, (H - 2 * SAFE) / 3 - around));
    return { module, textSize, pad, digitsDrop, barHeight, width: (11 + 95 + 7) * module + 2 * pad, height: around + barHeight };
  }

  function fillRect(x: number, y: number, w: number, h: number, colour: string): void {
    doc.save();
    doc.addContent(colour);
    doc.rect(x, y, w, h).fill();
    doc.restore();
  }

  /**
   * The 双边栏 of a traditional Chinese page: a heavier outer rule and a fine
   * inner one. The fine one is 0.75 pt, not a hairline: in the paper's white
   * it is cut out of the background's three plates, and a thinner line fills
   * in where they print a little out of register.
   */
  function frame(x: number, y: number, w: number, h: number): void {
    doc.save();
    doc.addContent(ink.replace(/k$/u, 'K'));
    doc.lineWidth(1.6).rect(x, y, w, h).stroke();
    doc.lineWidth(0.75).rect(x + 2 * MM, y + 2 * MM, w - 4 * MM, h - 4 * MM).stroke();
    doc.restore();
  }
}

/** A CMYK fill operator from percentages. */
function cmyk([c, m, y, k]: [number, number, number, number]): string {
  const f = (v: number) => String(Math.round(v * 10) / 1000);
  return `${f(c)} ${f(m)} ${f(y)} ${f(k)} k`;
}
