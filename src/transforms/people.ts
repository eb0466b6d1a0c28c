import type { Chapter } from '../model/book.ts';

/** One person of the cast list, under the name the metadata gives without a title. */
export interface Person {
  name: string;
  /** The honorifics the metadata used for them, in the order first met (掌门, 长老 …). */
  titles: string[];
  /** The chapters they appear in, in story order, each once. */
  chapters: Chapter[];
}

/** Middle dots authors type for the one in transliterated names (克劳德·香农). */
const MIDDLE_DOTS = /[・‧•･]/gu;

/**
 * Splits a trailing honorific off a name: 扎克伯格掌门 → 扎克伯格 + 掌门,
 * 克劳德·香农宗师 → 克劳德·香农 + 宗师. The longest honorific wins (院长 before 长),
 * and a name that is nothing but an honorific (先生) is left whole.
 */
export function splitHonorific(written: string, honorifics: readonly string[]): { name: string; title?: string } {
  const full = written.trim();
  const longestFirst = [...honorifics].sort((a, b) => b.length - a.length);
  for (const title of longestFirst) {
    if (!full.endsWith(title)) continue;
    const name = full.slice(0, full.length - title.length).replace(/[\s·]+$/u, '');
    if (name) return { name, title };
  }
  return { name: full };
}

/**
 * The people of the chapter metadata, each once, in order of first appearance.
 * Two spellings are one person when they match with the honorific removed and
 * the middle dot unified (扎克伯格掌门 and 扎克伯格); the name is shown without
 * its honorifics, which are listed beside it.
 */
export function castList(chapters: readonly Chapter[], honorifics: readonly string[]): Person[] {
  const people = new Map<string, Person>();
  for (const chapter of chapters) {
    for (const written of chapter.meta?.people ?? []) {
      const { name, title } = splitHonorific(written.replace(MIDDLE_DOTS, '·'), honorifics);
      let person = people.get(name);
      if (!person) people.set(name, (person = { name, titles: [], chapters: [] }));
      if (title && !person.titles.includes(title)) person.titles.push(title);
      if (!person.chapters.includes(chapter)) person.chapters.push(chapter);
    }
  }
  return [...people.values()];
}
