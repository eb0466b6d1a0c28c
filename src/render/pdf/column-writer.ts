import type { Atom } from '../../typeset/atoms.ts';
import { riseOf } from '../../typeset/footnote-call.ts';
import { UPRIGHT_DIGITS } from '../../text/chars.ts';
import { EM_BOX_MIDDLE, TURNED_LATIN_BASELINE } from '../../typeset/em-box.ts';
import type { ComposedLine } from '../../typeset/line-breaker.ts';
import type { LayoutFace } from '../../typeset/layout-face.ts';
import { columnResourceName, drawnFace, resourceName, type GlyphLedger } from './cid-fonts.ts';
import { gatherRun, nextDrawn, num, RUN, runGlyphs, type ContentBytes } from './glyph-writer.ts';

/*
 * A column of vertical text (直排) as content-stream operators.
 *
 * Upright glyphs (Han, the vertical forms of punctuation) are shown with the
 * face's Identity-V font, which shares its CIDFont with the Identity-H one
 * (cid-fonts.ts): its /W2 puts each glyph's cell top centre on the pen and
 * moves the pen down by the glyph's vmtx advance. One TJ per run, as in a
 * horizontal line, rather than a matrix per glyph: text extraction (poppler,
 * MuPDF, pdf.js) then reads each column as one line, columns right to left,
 * and the content is a third of the bytes. In vertical mode the signs flip:
 * a positive TJ number moves the next glyph down (adds space), and a
 * positive Tc pulls glyphs together.
 *
 * Latin words, and marks the face has no vertical form of, are shown with
 * the Identity-H font turned 90° clockwise (text x runs down the page);
 * one or two digits stand upright side by side in one em (縱中橫).
 */

const UPRIGHT = 0;
const TURNED_LATIN = 1;
const TURNED_MARK = 2;
const DIGITS = 3;

function modeOf(a: Atom): number {
  // Upright digits are set as an ideograph is ('wide'); a longer number turns with the Latin. A Han
  // character, the most of a column, is told apart by its kind before any pattern is tried.
  if (a.kind === 'latin') return UPRIGHT_DIGITS.test(a.text) ? DIGITS : TURNED_LATIN;
  if (a.kind === 'wide' && UPRIGHT_DIGITS.test(a.text)) return DIGITS;
  return a.face.turned.has(a.glyphs[0].id) ? TURNED_MARK : UPRIGHT;
}

/**
 * Writes a composed line as a column whose centre line is at `centre` and
 * whose start (the line's own offset not yet added) is at `top`, both in
 * top-down page coordinates. Faces shown upright are added to `columnFaces`
 * (their Identity-V font), turned ones to `faces`. `beginRun` as in glyphRuns.
 */
export function columnRuns(line: ComposedLine, centre: number, top: number, pageHeight: number, ledger: GlyphLedger, out: ContentBytes, faces: Set<LayoutFace>, columnFaces: Set<LayoutFace>, beginRun?: (first: Atom) => void): void {
  const atoms = line.atoms;
  const origins = line.origins;
  const start = top + line.offset;
  for (let i = nextDrawn(atoms, 0); i < atoms.length; ) {
    const a = atoms[i];
    const face = drawnFace(a);
    const size = a.size;
    const added = a.added;
    const mode = modeOf(a);
    // A footnote call stands right of the column's centre line, as a superscript stands above its line.
    const axis = centre + riseOf(a);
    if (beginRun) beginRun(a);
    if (mode === DIGITS) {
      columnFaces.add(face);
      uprightDigits(a, start + origins[i], axis, pageHeight, ledger, out);
      i = nextDrawn(atoms, i + 1);
      continue;
    }
    (mode === UPRIGHT ? columnFaces : faces).add(face);
    // What the PDF moves the pen by: W2's advance upright, W's turned.
    i = gatherRun(atoms, origins, i, start, ledger, beginRun !== undefined, modeOf, mode === UPRIGHT);
    const n = RUN.n;
    const gap = RUN.spacing;
    const startY = num(pageHeight - RUN.at[0]);
    if (added) out.text('\n/Span <</ActualText ()>> BDC');
    if (mode === UPRIGHT) {
      // Tc is subtracted from the pen's move down the column: a wider gap is a negative Tc.
      out.text(`\nBT /${columnResourceName(face)} ${num(size)} Tf ${gap === 0 ? '' : `${-gap} Tc `}1 0 0 1 ${num(axis)} ${startY} Tm [<`);
    } else {
      // Turned clockwise: the text's x axis runs down the page, its tops face right; the baseline sits left of the centre line.
      const baseline = axis - size * (mode === TURNED_LATIN ? TURNED_LATIN_BASELINE : EM_BOX_MIDDLE);
      out.text(`\nBT /${resourceName(face)} ${num(size)} Tf ${gap === 0 ? '' : `${gap} Tc `}0 -1 1 0 ${num(baseline)} ${startY} Tm [<`);
    }
    // Upright, a positive TJ number moves the next glyph down; turned, as along a line, back (up).
    runGlyphs(out, n, pageHeight - Number(startY), gap, size, mode === UPRIGHT ? 1 : -1);
    out.text(gap === 0 ? '>] TJ ET' : '>] TJ 0 Tc ET');
    if (added) out.text(' EMC');
  }
}

/**
 * One or two digits upright side by side in the column's em (縱中橫), each
 * placed by its own matrix in the Identity-V font: in the column's font, a
 * text extractor keeps them in the column's line.
 */
function uprightDigits(a: Atom, cellTop: number, centre: number, pageHeight: number, ledger: GlyphLedger, out: ContentBytes): void {
  const used = ledger.of(a.face);
  const widths = a.glyphs.map((g) => ledger.use(used, g) * a.size);
  const total = widths.reduce((s, w) => s + w, 0);
  // The digits' cell is centred in the atom's advance (one em, more for two wide digits).
  const y = num(pageHeight - (cellTop + (a.advance - a.size) / 2));
  let x = centre - total / 2;
  out.text(`\nBT /${columnResourceName(a.face)} ${num(a.size)} Tf`);
  a.glyphs.forEach((g, k) => {
    out.text(` 1 0 0 1 ${num(x + widths[k] / 2)} ${y} Tm <`);
    out.hex(g.id);
    out.text('> Tj');
    x += widths[k];
  });
  out.text(' ET');
}
