import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';

/** What qpdf reads of a file's trailer, Info and catalog: the PDF/X declarations. */
export interface PdfxFacts {
  header: string;
  info: Record<string, string>;
  trailerId: boolean;
  outputIntents: Array<Record<string, string>>;
}

/** qpdf's JSON of the file: each object by its key ("trailer", "obj:3 0 R"), values as qpdf writes them (names "/X", strings "u:…"). */
function qpdfObjects(path: string): Record<string, { value?: unknown; stream?: { dict: unknown } }> {
  const r = spawnSync('qpdf', ['--json=2', '--json-key=qpdf', path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const json = JSON.parse(r.stdout) as { qpdf: [unknown, Record<string, { value?: unknown; stream?: { dict: unknown } }>] };
  return json.qpdf[1];
}

export function pdfxFacts(path: string): PdfxFacts {
  const objects = qpdfObjects(path);
  const get = (ref: unknown): Record<string, unknown> => {
    const o = objects[`obj:${String(ref)}`];
    return (o?.value ?? o?.stream?.dict) as Record<string, unknown>;
  };
  const text = (v: unknown): string => {
    const resolved = typeof v === 'string' && / R$/u.test(v) ? get(v) : v;
    return typeof resolved === 'string' ? resolved.replace(/^u:/u, '') : JSON.stringify(resolved);
  };
  const trailer = objects.trailer.value as Record<string, unknown>;
  const info = get(trailer['/Info']);
  const root = get(trailer['/Root']);
  const intents = ((root['/OutputIntents'] as unknown[]) ?? []).map((ref) => {
    const d = typeof ref === 'string' ? get(ref) : (ref as Record<string, unknown>);
    return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, text(v)]));
  });
  return {
    header: readFileSync(path).subarray(0, 8).toString('latin1'),
    info: Object.fromEntries(Object.entries(info).map(([k, v]) => [k, text(v)])),
    trailerId: Array.isArray(trailer['/ID']) && (trailer['/ID'] as unknown[]).length === 2,
    outputIntents: intents,
  };
}

/**
 * What PDF/X-1a forbids, found with MuPDF's object API in every object:
 * soft masks, transparency groups, RGB or ICC-based colour spaces, any
 * Separation but the registration colour's, and keys newer than PDF 1.3.
 */
export function pdfxForbidden(path: string): string[] {
  const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf').asPDF()!;
  const found: string[] = [];
  for (let i = 1; i < doc.countObjects(); i++) {
    const obj = doc.newIndirect(i).resolve();
    if (obj.isNull()) continue;
    const text = obj.toString(true, true);
    if (/\/SMask\b/u.test(text)) found.push(`object ${i}: /SMask`);
    if (/\/S\s*\/Transparency\b/u.test(text)) found.push(`object ${i}: transparency group`);
    for (const m of text.matchAll(/\/(DeviceRGB|CalRGB|ICCBased|Lab|DeviceN)\b/gu)) found.push(`object ${i}: /${m[1]}`);
    for (const m of text.matchAll(/\/Separation\s*\/([^\s/[\]<>()]+)/gu)) if (m[1] !== 'All') found.push(`object ${i}: /Separation /${m[1]}`);
    // Keys PDF 1.3 does not define, which a strict PDF/X-1a:2001 preflight lists: /Lang, /Metadata and
    // /ViewerPreferences' /DisplayDocTitle (1.4), /UserUnit (1.6).
    for (const m of text.matchAll(/\/(Lang|Metadata|DisplayDocTitle|UserUnit)\b/gu)) found.push(`object ${i}: /${m[1]}`);
  }
  return found;
}

/** pdffonts' rows: each font's name and whether it is embedded. */
export function fontsEmbedded(path: string): Array<{ name: string; embedded: boolean }> {
  const out = spawnSync('pdffonts', [path], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
  // Columns: name, type (may hold spaces), encoding, emb, sub, uni, object id: read from the right.
  return out.map((line) => {
    const cols = line.trim().split(/\s+/u);
    return { name: cols[0], embedded: cols[cols.length - 5] === 'yes' };
  });
}

/** Ghostscript renders every page to nothing: what it says is a warning or an error. */
export function ghostscriptSays(path: string): string {
  const r = spawnSync('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=nullpage', path], { encoding: 'utf8' });
  return `${r.status === 0 ? '' : `exit ${r.status}\n`}${r.stdout}${r.stderr}`.trim();
}

/** qpdf --check: anything beyond its fixed all-clear lines. */
export function qpdfCheckSays(path: string): string {
  const r = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l && !/^(checking |PDF Version|File is not (encrypted|linearized)|No syntax or stream encoding errors|errors that qpdf cannot detect)/u.test(l));
  return `${r.status === 0 ? '' : `exit ${r.status}\n`}${lines.join('\n')}`.trim();
}

/** Dark pixels of page `page` (1-based) rendered in gray by pdftoppm at `dpi`, outside the box [x0, y0, x1, y1] in points (PDF axes). */
export function inkOutside(path: string, page: number, box: number[], mediaHeight: number, dpi = 72): number {
  const r = spawnSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), path], { maxBuffer: 1 << 28 });
  const pgm = r.stdout;
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/u.exec(pgm.subarray(0, 40).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const data = pgm.subarray(header[0].length);
  const s = dpi / 72;
  let dark = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const px = x / s;
      const py = mediaHeight - y / s;
      const inside = px >= box[0] - 1 && px <= box[2] + 1 && py >= box[1] - 1 && py <= box[3] + 1;
      if (!inside && data[y * w + x] < 128) dark++;
    }
  }
  return dark;
}
