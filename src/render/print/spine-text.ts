import { inlineAtoms, makeAtom, type Atom, type AtomContext } from '../../typeset/atoms.ts';
import type { GlyphWriter } from '../pdf/glyph-writer.ts';
import type { ComposedLine } from '../../typeset/line-breaker.ts';
import type { PdfDocument } from '../pdf/pdfkit-adapter.ts';
import { EM_BOX_TOP, TURNED_LATIN_BASELINE } from '../../typeset/em-box.ts';

interface Cell {
  line: ComposedLine;
  /** Upright (CJK) or turned 90° clockwise (a Latin word or number). */
  rotated: boolean;
  /** The length it takes down the column. */
  advance: number;
}

/**
 * A column of vertical text, for a spine. pdfkit has no vertical writing
 * mode, so each character is its own glyph run: Han characters and marks
 * stand upright, one em apart (marks in their `vert` forms), and Latin
 * words and numbers lie turned clockwise, as in vertical Chinese.
 */
export class VerticalText {
  private readonly cells: Cell[] = [];
  readonly height: number;

  constructor(text: string, ctx: AtomContext, tracking = 0) {
    const atoms = inlineAtoms([{ kind: 'text', text, line: 0 }], ctx);
    for (const atom of atoms) {
      if (atom.kind === 'space') {
        this.cells.push({ line: single(atom), rotated: false, advance: ctx.size / 2 });
        continue;
      }
      const rotated = atom.kind === 'latin';
      const shown = rotated ? atom : verticalForm(atom);
      this.cells.push({ line: single(shown), rotated, advance: (rotated ? atom.advance : ctx.size) + tracking });
    }
    this.height = this.cells.reduce((s, c) => s + c.advance, 0) - (this.cells.length ? tracking : 0);
  }

  /** Draws the column centred on `centreX`, starting at `top` (top-down points). */
  draw(pdf: PdfDocument, writer: GlyphWriter, centreX: number, top: number): void {
    const doc = pdf.doc;
    let y = top;
    for (const cell of this.cells) {
      const size = cell.line.atoms[0]?.size ?? 0;
      if (cell.line.atoms[0]?.kind === 'space') {
        y += cell.advance;
        continue;
      }
      if (cell.rotated) {
        // Turned clockwise about (centreX, y): the word runs down, its x-height centred on the column.
        doc.save();
        doc.rotate(90, { origin: [centreX, y] });
        writer.line(cell.line, centreX, y + size * TURNED_LATIN_BASELINE);
        doc.restore();
      } else {
        writer.line(cell.line, centreX - cell.line.inlineSize / 2, y + size * EM_BOX_TOP);
      }
      y += cell.advance;
    }
  }
}

function single(atom: Atom): ComposedLine {
  return { atoms: [atom], starts: [0], origins: [0], advances: [atom.advance], offset: 0, inlineSize: atom.advance, justified: false, loose: false };
}

/** A mark's vertical alternate (，。「」 —— ……), when the face has one; the text's code points stay for copying. */
function verticalForm(atom: Atom): Atom {
  if (atom.kind !== 'punct') return atom;
  const vert = atom.face.shape(atom.text, ['vert']);
  if (vert.glyphs.length !== atom.glyphs.length) return atom;
  const glyphs = vert.glyphs.map((g, i) => ({ ...g, codePoints: atom.glyphs[i].codePoints }));
  return makeAtom({ ...atom, glyphs, advance: vert.advance * atom.size, trimStart: 0, trimEnd: 0 });
}
