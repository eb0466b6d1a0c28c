import type { Atom } from './atoms.ts';
import { isIdeo } from './springs.ts';

/** A space between Han and Latin is the ¼-em Han–Latin gap, not a word space: marked, and set to that width. */
export function markHanLatinSpaces(atoms: Atom[], em: number): void {
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i];
    if (a.kind !== 'space') continue;
    const prev = atoms[i - 1];
    const next = atoms[i + 1];
    if (prev && next && ((isIdeo(prev) && next.kind === 'latin') || (prev.kind === 'latin' && isIdeo(next)))) {
      a.advance = em / 4;
      a.hanLatin = true;
    }
  }
}
