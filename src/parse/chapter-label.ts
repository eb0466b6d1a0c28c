/**
 * Chapter headings: `第七章：脸书派的挑战`, `第二章 标题`, `第12回 …`, or an
 * unnumbered opener/closer such as `楔子`.
 */
const NUMBERED = /^(第([〇零一二三四五六七八九十百千两\d０-９]+)([章回卷节]))(?:[：:\s\u3000·—-]+)?(.*)$/u;
const UNNUMBERED = /^(楔子|序章|序言|序|引子|前言|尾声|后记|後記|尾聲|番外(?:[一二三四五六七八九十\d]+)?|终章|終章)(?:[：:\s\u3000·—-]+)?(.*)$/u;

export interface ChapterLabel {
  label?: string;
  number?: number;
  title: string;
}

export function parseChapterHeading(heading: string): ChapterLabel {
  const text = heading.trim();
  const numbered = NUMBERED.exec(text);
  if (numbered) {
    return { label: numbered[1], number: parseNumeral(numbered[2]), title: numbered[4].trim() };
  }
  const unnumbered = UNNUMBERED.exec(text);
  if (unnumbered) return { label: unnumbered[1], title: unnumbered[2].trim() };
  return { title: text };
}

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 十二 = 12, 一百零八 = 108, 二〇 = 20, 12 = 12, １２ = 12. */
export function parseNumeral(s: string): number | undefined {
  const ascii = s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  if (![...s].every((c) => c in DIGITS || c in UNITS)) return undefined;
  if (![...s].some((c) => c in UNITS)) {
    // Digit by digit, as in 二〇二一.
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  let total = 0;
  let digit = 0;
  for (const c of s) {
    if (c in DIGITS) digit = DIGITS[c];
    else {
      total += (digit || 1) * UNITS[c];
      digit = 0;
    }
  }
  return total + digit;
}
