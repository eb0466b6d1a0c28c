import { inlineAtoms, makeAtom, type Atom, type AtomContext } from '../../typeset/atoms.ts';
import type { GlyphWriter } from '../pdf/glyph-writer.ts';
import type { ComposedLine } from '../../typeset/line-breaker.ts';
import type { Doc } from '../pdf/pdfkit-adapter.ts';

/** Where a CJK face's ideographic em box tops out above the baseline (880 of 1000 units). */
const EM_TOP = 0.88;

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
      this.cells.push({ line: single(shown), rotated, advance: (rotated ? atom.width : ctx.size) + tracking });
    }
    this.height = this.cells.reduce((s, c) => s + c.advance, 0) - (this.cells.length ? tracking : 0);
  }

  /** Draws the column centred on `centreX`, starting at `top` (top-down points). */
  draw(doc: Doc, writer: GlyphWriter, centreX: number, top: number): void {
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
        writer.line(cell.line, centreX, y + size * 0.3);
        doc.restore();
      } else {
        writer.line(cell.line, centreX - cell.line.width / 2, y + size * EM_TOP);
      }
      y += cell.advance;
    }
  }
}

function single(atom: Atom): ComposedLine {
  return { atoms: [atom], x: [0], drawX: [0], advance: [atom.width], offset: 0, width: atom.width, justified: false };
}

/** A mark's vertical alternate (，。「」 —— ……), when the face has one; the text's code points stay for copying. */
function verticalForm(atom: Atom): Atom {
  if (atom.kind !== 'punct') return atom;
  const vert = atom.face.shape(atom.text, ['vert']);
  if (vert.glyphs.length !== atom.glyphs.length) return atom;
  const glyphs = vert.glyphs.map((g, i) => ({ ...g, codePoints: atom.glyphs[i].codePoints }));
  return makeAtom({ ...atom, glyphs, width: vert.width * atom.size, trimLeft: 0, trimRight: 0 });
}
