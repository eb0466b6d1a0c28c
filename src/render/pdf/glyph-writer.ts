import type { Atom } from '../../typeset/atoms.ts';
import { riseOf } from '../../typeset/footnote-call.ts';
import type { ComposedLine } from '../../typeset/line-breaker.ts';
import type { LayoutFace } from '../../typeset/layout-face.ts';
import { drawnFace, resourceName, type CidFonts, type GlyphLedger } from './cid-fonts.ts';
import type { PdfDocument } from './pdfkit-adapter.ts';

/**
 * ASCII written as bytes: a page's content stream (a long book writes a
 * million glyphs: each goes in as six bytes and, when it moves, its
 * adjustment, with no string made for it) and the structure tree's objects.
 */
export class ContentBytes {
  private buf = new Uint8Array(1 << 15);
  private length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  text(s: string): void {
    this.room(s.length);
    const buf = this.buf;
    let at = this.length;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.length = at;
  }

  /**
   * A glyph as a two-byte CID in hex, inside a hex string: `04e2`. The
   * caller opens and closes the string (`<`, `>`); glyphs that follow one
   * another unmoved share one string.
   */
  hex(gid: number): void {
    this.room(4);
    const buf = this.buf;
    const at = this.length;
    buf[at] = HEX_DIGITS[(gid >> 12) & 15];
    buf[at + 1] = HEX_DIGITS[(gid >> 8) & 15];
    buf[at + 2] = HEX_DIGITS[(gid >> 4) & 15];
    buf[at + 3] = HEX_DIGITS[gid & 15];
    this.length = at + 4;
  }

  /** A whole number, not negative, in decimal. */
  int(n: number): void {
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    this.room(digits);
    let at = this.length + digits;
    this.length = at;
    do {
      this.buf[--at] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  /** How many bytes have been written since the last take(). */
  get size(): number {
    return this.length;
  }

  /** What has been written, in a buffer of its own; the writer starts again empty. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

const HEX_DIGITS = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));

/**
 * The run being written, shared by lines (glyphRuns) and columns
 * (column-writer.ts) and reused from run to run: where each glyph goes along
 * the line or column, how far the PDF moves the pen past it (points), and
 * its glyph id; how many glyphs it holds, and the gap most of them leave,
 * to a millionth of a point (gatherRun).
 */
export const RUN = { at: new Float64Array(256), advance: new Float64Array(256), gid: new Uint16Array(256), n: 0, spacing: 0 };

function growRun(): void {
  const grow = <T extends Float64Array | Uint16Array>(a: T, make: (n: number) => T): T => {
    const b = make(a.length * 2);
    b.set(a);
    return b;
  };
  RUN.at = grow(RUN.at, (n) => new Float64Array(n));
  RUN.advance = grow(RUN.advance, (n) => new Float64Array(n));
  RUN.gid = grow(RUN.gid, (n) => new Uint16Array(n));
}

/**
 * Gathers into RUN the run that starts at atom `i`: the atoms after it drawn
 * through the same face (drawnFace) at the same size, and the same `added`
 * (a glyph the composer added, a hyphen at a break, stands for no text: it
 * is a run of its own, copied out as nothing), and in a column the same
 * `modeOf` (upright, turned…).
 * On a tagged page (`tagged`) a run also ends where a link begins or ends,
 * and a placeholder is a run of its own. `start` is where the line's
 * origins count from. Along a line, and turned in a column, the pen moves by
 * each glyph's width; `upright` in a column, by its vmtx advance.
 * Sets RUN.n and RUN.spacing, the gap most glyphs leave (Boyer–Moore
 * majority vote), and returns the index of the first atom past the run:
 * one that draws something, or the atoms' length (spaces and empty atoms
 * inside or after it are passed over).
 */
export function gatherRun(atoms: readonly Atom[], origins: readonly number[], i: number, start: number, ledger: GlyphLedger, tagged: boolean, modeOf?: (a: Atom) => number, upright = false): number {
  const a = atoms[i];
  const face = drawnFace(a);
  const variant = a.style.faceVariant;
  const size = a.size;
  const added = a.added;
  const link = a.style.link;
  // A placeholder, or an atom that copies out only by its own ActualText, is a run of its own: its Span's ActualText says what it is.
  const ownRun = a.style.missing === true || a.style.ownText === true;
  const mode = modeOf ? modeOf(a) : 0;
  const used = ledger.of(face);
  const vertical = upright ? face.vertical : undefined;
  const upm = face.unitsPerEm;
  let n = 0;
  let spacing = 0;
  let votes = 0;
  for (; i < atoms.length; i++) {
    const atom = atoms[i];
    if (atom.kind === 'space' || atom.glyphs.length === 0) continue;
    if (atom.face !== a.face || atom.style.faceVariant !== variant || atom.size !== size || atom.added !== added) break;
    if (modeOf !== undefined && modeOf(atom) !== mode) break;
    if (tagged && n > 0 && (ownRun || atom.style.link !== link || atom.style.missing === true || atom.style.ownText === true)) break;
    let at = start + origins[i];
    for (const g of atom.glyphs) {
      if (n === RUN.at.length) growRun();
      const width = ledger.use(used, g) * size;
      const advance = vertical ? (vertical.advance(g.id) / upm) * size : width;
      if (n > 0) {
        const gap = at - RUN.at[n - 1] - RUN.advance[n - 1];
        if (votes === 0) {
          spacing = gap;
          votes = 1;
        } else votes += Math.abs(gap - spacing) < 1e-7 ? 1 : -1;
      }
      RUN.at[n] = at;
      RUN.advance[n] = advance;
      RUN.gid[n] = g.id;
      n++;
      at += g.advance * size;
    }
  }
  RUN.n = n;
  // To a millionth of a point: along a line, a gap of exactly this amount drifts from it by less than the two decimals of a thousandth of an em an adjustment is written in.
  RUN.spacing = Math.round(spacing * 1e6) / 1e6;
  return i;
}

/** The index of the first atom from `i` on that draws something (not a space, not empty), or the atoms' length. */
export function nextDrawn(atoms: readonly Atom[], i: number): number {
  while (i < atoms.length && (atoms[i].kind === 'space' || atoms[i].glyphs.length === 0)) i++;
  return i;
}

/**
 * The glyphs of a TJ array, the first `n` of RUN, after its opening `[<`:
 * one hex string, broken by an adjustment only where a glyph is not where the
 * pen (at `pen`, moved by each advance plus `spacing`) would put it.
 * `forward` is +1 where a positive TJ number moves the pen on (down a column,
 * Identity-V) and -1 where it moves it back (along a line, or a turned run).
 * The pen is followed from what has been written, so rounding an adjustment
 * never leaves an error that grows along the run.
 */
export function runGlyphs(out: ContentBytes, n: number, pen: number, spacing: number, size: number, forward: 1 | -1): void {
  const { at, advance, gid } = RUN;
  out.hex(gid[0]);
  for (let k = 1; k < n; k++) {
    pen += advance[k - 1] + spacing;
    const adjust = Math.round((((at[k] - pen) * 1000) / size) * forward * 100) / 100;
    if (adjust !== 0) {
      out.text(`> ${adjust} <`);
      pen += ((adjust * size) / 1000) * forward;
    }
    out.hex(gid[k]);
  }
}

/**
 * Writes composed lines as glyph runs: one BT … TJ … ET per run of one face
 * and size, each on a line of its own. pdfkit's own text() cannot justify
 * Chinese and would lay the line out again.
 *
 * A justified line widens most of its gaps by one same amount. That amount
 * is the run's character spacing (Tc), so the TJ array holds the glyphs as
 * one hex string and an adjustment only where a glyph sits elsewhere (a
 * compressed mark, a Han–Latin gap): a third of the bytes of one adjustment
 * per glyph, and none of the number formatting.
 * Coordinates are PDF's own: y up from the foot of a page `pageHeight` tall.
 *
 * With `beginRun` (a tagged page) a run also ends where a link begins or
 * ends, and a placeholder is a run of its own: each is marked content of
 * its own element, which `beginRun` opens, given the run's first atom.
 */
export function glyphRuns(line: ComposedLine, x: number, baseline: number, pageHeight: number, ledger: GlyphLedger, out: ContentBytes, faces: Set<LayoutFace>, beginRun?: (first: Atom) => void): void {
  const { atoms, origins, offset } = line;
  const left = x + offset;
  for (let i = nextDrawn(atoms, 0); i < atoms.length; ) {
    const a = atoms[i];
    const face = drawnFace(a);
    const size = a.size;
    const added = a.added;
    if (beginRun) beginRun(a);
    faces.add(face);
    i = gatherRun(atoms, origins, i, left, ledger, beginRun !== undefined);
    const n = RUN.n;
    const tc = RUN.spacing;
    const startX = num(RUN.at[0]);
    if (added) out.text('\n/Span <</ActualText ()>> BDC');
    out.text(`\nBT /${resourceName(face)} ${num(size)} Tf ${tc === 0 ? '' : `${tc} Tc `}1 0 0 1 ${startX} ${num(pageHeight - baseline + riseOf(a))} Tm [<`);
    runGlyphs(out, n, Number(startX), tc, size, -1);
    out.text(tc === 0 ? '>] TJ ET' : '>] TJ 0 Tc ET');
    if (added) out.text(' EMC');
  }
}

/** Composed lines drawn straight into a pdfkit page, in its top-down coordinates: the cover, running heads, folios. */
export class GlyphWriter {
  /**
   * The fill operator each line sets. Black is DeviceGray 0, never pdfkit's
   * RGB default: a print file carries no RGB (a cover may set CMYK `k`).
   */
  fill = '0 g';
  private readonly out = new ContentBytes();

  constructor(
    private readonly pdf: PdfDocument,
    private readonly fonts: CidFonts,
  ) {}

  /** Draws a line whose start is at x (points, top-down page coordinates) on `baseline`. */
  line(line: ComposedLine, x: number, baseline: number): void {
    const doc = this.pdf.doc;
    const pageHeight = this.pdf.pageHeight;
    const faces = new Set<LayoutFace>();
    glyphRuns(line, x, baseline, pageHeight, this.fonts.ledger, this.out, faces);
    const runs = Buffer.from(this.out.take()).toString('latin1');
    if (runs === '') return;
    for (const face of faces) this.fonts.useOnPage(face);
    // pdfkit's pages are flipped to top-down; text matrices want PDF's own axes.
    doc.save();
    doc.transform(1, 0, 0, -1, 0, pageHeight);
    doc.addContent(this.fill);
    // Each run starts on a line of its own, as addContent would put it.
    doc.addContent(runs.slice(1));
    doc.restore();
  }
}

export function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
