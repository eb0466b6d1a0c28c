import type { EditionTag } from '../config/editions.ts';
import type { PrintSettings } from '../config/print.ts';

/** The copyright page's (版权页) field names, per script. */
interface CopyrightLabels {
  title: string;
  subtitle: string;
  author: string;
  publisher: string;
  edition: string;
  printing: string;
  isbn: string;
  price: string;
}

/** What a mainland copyright page states of the printed book (GB/T 12450's 版本记录): its sheet, 印张 and 字数. */
const PRINTED_BLOCK = { format: '开　本', sheets: '印　张', characters: '字　数' };

/** The book block as laid out: its pages (blanks included) and the characters a full page holds. */
export interface PrintedBlock {
  pages: number;
  perPage: number;
}

// The full-width space pads two-character labels to the three-character ones, as Chinese imprint pages do.
const SIMPLIFIED: CopyrightLabels = { title: '书　名', subtitle: '副书名', author: '作　者', publisher: '出　版', edition: '版　次', printing: '印　次', isbn: '书　号', price: '定　价' };
const TRADITIONAL: CopyrightLabels = { title: '書　名', subtitle: '副書名', author: '作　者', publisher: '出　版', edition: '版　次', printing: '印　次', isbn: '書　號', price: '定　價' };

export interface CopyrightFacts {
  title: string;
  subtitle?: string;
  author: string;
  publisher?: string;
  /** book.yaml `published`, YYYY-MM-DD. */
  published?: string;
  /** The ISBNs of the layout the page is in (isbnsFor); each medium's page states its own. */
  isbn?: { print?: string; epub?: string };
}

/**
 * The imprint lines as label–value pairs. In print: 版次 and 印次 with their
 * month, the print ISBN and the price (print.price) when configured, and for
 * a Simplified book laid out (`block`) its 开本, 印张 and 字数, as mainland
 * imprints state them (Taiwan's and Hong Kong's do not). In the
 * ebook: 版次 (the edition is the book's, whatever carries it) and the EPUB's
 * ISBN; a printing and a price belong to the paper copy.
 */
export function copyrightLines(edition: EditionTag, facts: CopyrightFacts, print: PrintSettings, medium: 'print' | 'ebook' = 'print', block?: PrintedBlock): Array<[string, string]> {
  const l = edition === 'zh-Hans' ? SIMPLIFIED : TRADITIONAL;
  const statement = typeof print.edition === 'number' ? `第${print.edition}版` : print.edition;
  const lines: Array<[string, string]> = [[l.title, facts.title]];
  if (facts.subtitle) lines.push([l.subtitle, facts.subtitle]);
  lines.push([l.author, facts.author]);
  if (facts.publisher) lines.push([l.publisher, facts.publisher]);
  if (medium === 'ebook') {
    lines.push([l.edition, `${month(facts.published)}${statement}`]);
    if (facts.isbn?.epub) lines.push([l.isbn, `ISBN ${facts.isbn.epub}`]);
    return lines;
  }
  lines.push([l.edition, `${month(facts.published ?? print.printed)}${statement}`]);
  lines.push([l.printing, `${month(print.printed ?? facts.published)}第${print.printing}次印刷`]);
  if (block && edition === 'zh-Hans') lines.push(...printedBlockLines(block, print));
  if (facts.isbn?.print) lines.push([l.isbn, `ISBN ${facts.isbn.print}`]);
  const price = print.price[edition];
  if (price) lines.push([l.price, price]);
  return lines;
}

/**
 * 开本 and 印张 from the sheet the book block is printed on (print.sheet, or
 * the named trim's), and
 * 字数 as publishers count it, by the page's capacity (characters per line ×
 * lines × pages, in thousands), not by the characters written.
 */
function printedBlockLines(block: PrintedBlock, print: PrintSettings): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  const sheet = print.sheet;
  if (sheet) {
    lines.push([PRINTED_BLOCK.format, `${sheet.size[0]}mm×${sheet.size[1]}mm 1/${sheet.parts}`]);
    lines.push([PRINTED_BLOCK.sheets, sheetsText(block.pages / sheet.parts)]);
  }
  lines.push([PRINTED_BLOCK.characters, `${Math.max(1, Math.round((block.perPage * block.pages) / 1000))}千字`]);
  return lines;
}

/**
 * 印张 as imprints state it: exact when it is a short decimal, as an even
 * page count over 16 or 32 parts is (10.5, 10.0625); over 24 or 36 parts it
 * may never end (4.1666…), and is given to three places (4.167).
 */
function sheetsText(sheets: number): string {
  const exact = String(sheets);
  return /\.\d{5}/u.test(exact) ? String(Number(sheets.toFixed(3))) : exact;
}

/** 2026-11-01 → 2026年11月; imprint lines name the month, not the day. */
function month(date: string | undefined): string {
  if (!date) return '';
  const [y, m] = date.split('-');
  return `${y}年${Number(m)}月`;
}

/** The price as the back cover states it, above the barcode (定价：48.00元). */
export function coverPrice(edition: EditionTag, print: PrintSettings): string | undefined {
  const price = print.price[edition];
  if (!price) return undefined;
  return `${edition === 'zh-Hans' ? '定价' : '定價'}：${price}`;
}
