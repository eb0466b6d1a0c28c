/**
 * The edition's readings of source strings worked out before the conversion
 * runs (the review explains the whole edition first), which the conversion
 * takes as they are: each is what the edition's converter returns for its
 * text.
 *
 * A text unit's readings are kept in the order they were worked out, which
 * is the order the conversion meets the units in: each is found by
 * comparing the string asked for with the next one expected (most often the
 * same object). Kept in a map, every paragraph of the book would be hashed
 * whole to be stored. Any other string (the book's metadata, a chapter's
 * title, a unit met out of order) is looked up by its text.
 */
export class KnownReadings {
  /** Text, reading, text, reading, … in the order the conversion asks. */
  private readonly inOrder: string[] = [];
  private next = 0;
  private readonly byText = new Map<string, string>();

  /** A unit's reading, in the order the conversion meets the units. */
  addInOrder(text: string, reading: string): void {
    this.inOrder.push(text, reading);
  }

  /** A reading of a string the conversion meets elsewhere. */
  add(text: string, reading: string): void {
    this.byText.set(text, reading);
  }

  get(text: string): string | undefined {
    const k = this.next;
    if (k < this.inOrder.length && this.inOrder[k] === text) {
      this.next = k + 2;
      return this.inOrder[k + 1];
    }
    return this.byText.get(text);
  }

  /** Units' readings the conversion has not taken yet, in order. */
  get pending(): number {
    return (this.inOrder.length - this.next) / 2;
  }

  get size(): number {
    return this.inOrder.length / 2 + this.byText.size;
  }

  /** Lets the readings go, once the conversion has taken them. */
  clear(): void {
    this.inOrder.length = 0;
    this.next = 0;
    this.byText.clear();
  }
}
