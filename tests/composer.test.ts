import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineAtoms, type PunctuationStyle } from '../src/typeset/atoms.ts';
import { HORIZONTAL } from '../src/typeset/axis.ts';
import { composeParagraph, type ComposedLine } from '../src/typeset/line-breaker.ts';
import { fontsFor, lineText, right, SIZE } from './helpers/composer.ts';
import { LONE_CHAPTER, SAMPLE } from './helpers/paths.ts';
import { pushInSuite } from './suites/push-in.ts';

const NO_START = new Set([...'、，。．：；！？”’」』）》〉】〗〕］｝·‧・–～']);

function compose(text: string, measureEm: number, style: PunctuationStyle = 'sc', warnings: string[] = []): ComposedLine[] {
  const atoms = inlineAtoms([{ kind: 'text', text, line: 1 }], { fonts: fontsFor(style), axis: HORIZONTAL, role: 'body', size: SIZE, style });
  return composeParagraph({ atoms, measure: measureEm * SIZE, firstIndent: 0, restIndent: 0, align: 'justify', em: SIZE, onWarn: (rule, m) => warnings.push(`${rule}: ${m}`) });
}

const chapters = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(dir, f), 'utf8'));
pushInSuite('sample book', () => chapters(SAMPLE));
pushInSuite('lone chapter fixture', () => chapters(LONE_CHAPTER));

describe('line composer', () => {
  it('never starts a line with a closing mark: it pushes the mark in, compressing the line', () => {
    // Eleven characters and a comma fill an 11-em line; the full stop after them may not start
    // the next. Halving the comma makes room: the 。 comes in, at ½ em, ending exactly at the measure.
    const lines = compose('一二三四，五六七八九十。后面还有一些字', 11);
    expect(lines.map(lineText)[0]).toBe('一二三四，五六七八九十。');
    expect(NO_START.has(lineText(lines[1])[0])).toBe(false);
    const comma = lines[0].atoms.findIndex((a) => a.text === '，');
    expect(lines[0].advances[comma]).toBeCloseTo(SIZE / 2, 2);
    expect(right(lines[0])).toBeCloseTo(11 * SIZE, 2);
  });

  it('pushes a character out when compression cannot make room, keeping kinsoku', () => {
    // No compressible mark in the line to give room: the last character moves down with the mark.
    const lines = compose('一二三四五六七八九十“引”。后', 10, 'tw');
    for (const l of lines) {
      expect(NO_START.has(lineText(l)[0])).toBe(false);
      expect('“‘「『（《'.includes(lineText(l).slice(-1))).toBe(false);
    }
    expect(right(lines[0])).toBeCloseTo(10 * SIZE, 2);
  });

  it('warns once about a word many lines long, quoting its start, and loses none of it', () => {
    const warnings: string[] = [];
    const word = 'x'.repeat(600);
    const lines = compose(`前${word}后`, 10, 'sc', warnings);
    expect(lines.length).toBeGreaterThan(5);
    expect(warnings.filter((w) => w.startsWith('pdf:word-broken'))).toEqual([`pdf:word-broken: '${'x'.repeat(40)}…' is wider than the line and has no hyphen; broken mid-word`]);
    // Its pieces are not each a loose line too: only 前, left alone on the line before it.
    expect(warnings.filter((w) => w.startsWith('layout:loose-line'))).toEqual([expect.stringContaining("the line '前'")]);
    expect(lines.map(lineText).join('')).toBe(`前${word}后`);
  });

  it('breaks a compound Latin word after its hyphens, with no hyphen added, never mid-word', () => {
    const warnings: string[] = [];
    const lines = compose('模型名为Extraordinarily-Long-Transformer-Architecture的东西', 8, 'sc', warnings);
    expect(warnings.filter((w) => w.startsWith('pdf:word-broken'))).toEqual([]);
    for (const l of lines) expect(l.inlineSize).toBeLessThanOrEqual(8 * SIZE + 0.01);
    // Without the hyphens drawn at hyphenation points, the text is the text.
    expect(lines.map((l) => l.atoms.filter((a) => !a.added).map((a) => a.text).join('')).join('')).toBe('模型名为Extraordinarily-Long-Transformer-Architecture的东西');
    expect(lines.some((l) => lineText(l).endsWith('Long-'))).toBe(true);
  });

  it('trims 。」 at a line end: the pair takes 1 em, the last mark ½ em', () => {
    const lines = compose('他说：“一二三四五六七八。”后面还有几个字', 12);
    const first = lines[0];
    expect(lineText(first).endsWith('。”')).toBe(true);
    const [stop, quote] = first.advances.slice(-2);
    expect(stop).toBeCloseTo(SIZE / 2, 2);
    expect(quote).toBeCloseTo(SIZE / 2, 2);
    expect(right(first)).toBeCloseTo(12 * SIZE, 2);
  });

  it('sets adjacent marks in 1.5 em in the middle of a line, in every style', () => {
    const pairWidth = (style: PunctuationStyle, text: string, mark: string) => {
      const [line] = compose(text, 40, style);
      const i = line.atoms.findIndex((a) => a.text === mark);
      return line.starts[i + 1] + line.advances[i + 1] - line.starts[i];
    };
    expect(pairWidth('sc', '好，“走”吧', '，')).toBeCloseTo(1.5 * SIZE, 2);
    expect(pairWidth('tw', '好，「走」吧', '，')).toBeCloseTo(1.5 * SIZE, 2);
    expect(pairWidth('hk', '好，「走」吧', '，')).toBeCloseTo(1.5 * SIZE, 2);
  });

  it('spreads the slack of a word that cannot be split over the lines before it, instead of leaving one line loose', () => {
    // HuggingFace is never hyphenated (a capital inside) and the Taiwan style compresses no mark inside
    // a line: filled line by line, the line before the name was set with 0.25 em and more between its
    // characters. Re-broken with the three lines before it, each line gives a character or two.
    const text = '模型的名字叫作甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黃宇宙洪荒日月盈昃辰宿列張的HuggingFace平台後來';
    for (const measure of [10, 13]) {
      const warnings: string[] = [];
      const atoms = inlineAtoms([{ kind: 'text', text, line: 1 }], { fonts: fontsFor('tw'), axis: HORIZONTAL, role: 'body', size: SIZE, style: 'tw' });
      const lines = composeParagraph({ atoms, measure: measure * SIZE, firstIndent: 2 * SIZE, restIndent: 0, align: 'justify', em: SIZE, onWarn: (rule, m) => warnings.push(`${rule}: ${m}`) });
      expect(warnings, `${measure} em`).toEqual([]);
      expect(lines.map(lineText).join(''), `${measure} em`).toBe(text);
      for (const line of lines.slice(0, -1)) {
        expect(line.loose, lineText(line)).toBe(false);
        expect(line.offset + right(line), lineText(line)).toBeCloseTo(measure * SIZE, 2);
        // The widest gap between two Han characters of the line.
        const gaps = line.atoms.slice(1).map((a, i) => (line.atoms[i].kind === 'han' && a.kind === 'han' ? line.starts[i + 1] - line.starts[i] - line.advances[i] : 0));
        expect(Math.max(...gaps) / SIZE, lineText(line)).toBeLessThanOrEqual(0.2 + 1e-6);
      }
    }
  });

  it('shares out slack a reader would see, under the loose limit too, with the line before it', () => {
    // Filled line by line, at 30 em the line before SNARC was set 0.16 em a gap, at 28 em the line after it
    // 0.12: letter-spaced to the eye on a page of close lines. Only a paragraph's first line has none before it.
    const text = '說來也巧，明斯基與羅森布拉特本是布朗克斯科學高中的校友，前後只差兩屆。明斯基早年也造過一臺神經網路機器，名叫SNARC，用了四十個神經元，後來卻棄之不用，轉投符號一派。';
    for (const measure of [28, 30]) {
      const atoms = inlineAtoms([{ kind: 'text', text, line: 1 }], { fonts: fontsFor('tw'), axis: HORIZONTAL, role: 'body', size: SIZE, style: 'tw' });
      const lines = composeParagraph({ atoms, measure: measure * SIZE, firstIndent: 2 * SIZE, restIndent: 0, align: 'justify', em: SIZE });
      expect(lines.map(lineText).join(''), `${measure} em`).toBe(text);
      for (const line of lines.slice(0, -1)) {
        const gaps = line.atoms.slice(1).map((a, i) => (line.atoms[i].kind === 'han' && a.kind === 'han' ? line.starts[i + 1] - line.starts[i] - line.advances[i] : 0));
        expect(Math.max(...gaps) / SIZE, `${measure} em: ${lineText(line)}`).toBeLessThanOrEqual(0.1 + 1e-6);
      }
    }
  });

  it('lets a Taiwan line compress a mark inside it as the last resort, rather than be set loose', () => {
    // At 26 em the first line cannot take 'Transformer、' with its ， at full width: split as Trans-, it was set
    // 0.22 em a gap. Hong Kong compresses the ， and keeps the word whole; Taiwan now does so only here.
    const text = '話說上回博學院展現深厚底蘊，Switch Transformer、PaLM、LaMDA三大神功震撼武林，與無極宗形成雙雄爭霸之勢。然而江湖風雲變幻，就在兩大門派明爭暗鬥之時。';
    const atoms = inlineAtoms([{ kind: 'text', text, line: 1 }], { fonts: fontsFor('tw'), axis: HORIZONTAL, role: 'body', size: SIZE, style: 'tw' });
    const warnings: string[] = [];
    const lines = composeParagraph({ atoms, measure: 26 * SIZE, firstIndent: 2 * SIZE, restIndent: 0, align: 'justify', em: SIZE, onWarn: (rule) => warnings.push(rule) });
    expect(warnings).toEqual([]);
    expect(lineText(lines[0])).toBe('話說上回博學院展現深厚底蘊，Switch Transformer、');
    expect(lines[0].loose).toBe(false);
    expect(lines[0].offset + right(lines[0])).toBeCloseTo(26 * SIZE, 2);
    const comma = (line: ComposedLine) => line.advances[line.atoms.findIndex((a) => a.text === '，')] / SIZE;
    expect(comma(lines[0])).toBeLessThan(0.99);
    // The next line, which needs no last resort, keeps its ， whole.
    expect(comma(lines[1])).toBeCloseTo(1, 2);
    // A line set centred or flush is never loose: it keeps its marks whole and breaks before the word.
    for (const align of ['center', 'left'] as const) {
      const ragged = composeParagraph({ atoms, measure: 26 * SIZE, firstIndent: 2 * SIZE, restIndent: 0, align, em: SIZE });
      expect(lineText(ragged[0]), align).not.toContain('Transformer、');
      expect(comma(ragged[0]), align).toBeCloseTo(1, 2);
    }
  });

  it('names the soft hyphen that would mend a first line left loose by a name that may not break', () => {
    // A paragraph's first line has no line before it to share its slack with.
    const warnings: string[] = [];
    compose('模型的名字叫作甲乙HuggingFace平台後來成了天下第一', 13, 'tw', warnings);
    expect(warnings).toEqual([expect.stringMatching(/^layout:loose-line: the line '模型的名字.*; a soft hyphen in 'HuggingFace' \(&shy;\) lets it break there$/u)]);
  });

  it('puts a quarter em between Han and digits, shrinkable to an eighth and widened to a third at most', () => {
    const lines = compose('共有992个80GB的A100显卡参与训练，历时两个月之久才完成全部的工作', 14);
    const last = lines[lines.length - 1];
    const gaps: number[] = [];
    for (const l of lines) {
      for (let i = 0; i + 1 < l.atoms.length; i++) {
        const a = l.atoms[i];
        const b = l.atoms[i + 1];
        if ((a.kind === 'han' && b.kind === 'latin') || (a.kind === 'latin' && b.kind === 'han')) {
          gaps.push((l.starts[i + 1] - (l.starts[i] + l.advances[i])) / SIZE);
        }
      }
    }
    expect(gaps.length).toBeGreaterThanOrEqual(4);
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(0.125 - 1e-6);
      expect(g).toBeLessThanOrEqual(1 / 3 + 1e-6);
    }
    for (const l of lines.slice(0, -1)) expect(right(l)).toBeCloseTo(14 * SIZE, 2);
    expect(last.justified).toBe(false);
  });

  it('pulls a character down so the last line holds at least two characters', () => {
    // Eleven characters on a 10-em line would leave 字。 (one character) alone.
    const lines = compose('一二三四五六七八九十字。', 10);
    const last = lineText(lines[lines.length - 1]);
    expect([...last].filter((c) => !'。，'.includes(c)).length).toBeGreaterThanOrEqual(2);
    expect(right(lines[0])).toBeCloseTo(10 * SIZE, 2);
  });

  it('keeps —— and …… whole', () => {
    const lines = compose('一二三四五六七八九——十一二三四五六七八……九十', 10);
    for (const l of lines) {
      const t = lineText(l);
      expect(t.startsWith('—') && !t.startsWith('——')).toBe(false);
      expect(t.endsWith('…') && !t.endsWith('……')).toBe(false);
    }
  });
});

const placed = (l: ComposedLine) => l.atoms.map((a, i) => [a.text, round(l.origins[i] / SIZE), round(l.advances[i] / SIZE)] as const);
const round = (n: number) => Math.round(n * 1000) / 1000;
const at = (l: ComposedLine, text: string) => placed(l).find(([t]) => t === text)!;

describe("clreq's rules, position by position", () => {
  it('Hong Kong: ？」 keeps the question mark whole and takes the bracket\'s blank half, after it', () => {
    const [line] = compose('他问：「谁？」好', 40, 'hk');
    // ？ full width; 」 starts a full em after it, set in its inked half; 好 follows at once.
    expect(placed(line).slice(5)).toEqual([['？', 4.5, 1], ['」', 5.5, 0.5], ['好', 6, 1]]);
  });

  it('Taiwan: ，「 takes the opening bracket\'s blank half, never the centred comma\'s ink side', () => {
    const [line] = compose('好，「走」吧', 40, 'tw');
    // The comma keeps its full em; the bracket's origin moves half an em back over its own blank half.
    // 」 stands alone inside the line: Taiwan keeps it full width.
    expect(placed(line)).toEqual([['好', 0, 1], ['，', 1, 1], ['「', 1.5, 0.5], ['走', 2.5, 1], ['」', 3.5, 1], ['吧', 4.5, 1]]);
  });

  it('zh-Hant keeps ？！ at 2 em, and 。」 at 1.5 em', () => {
    for (const style of ['tw', 'hk'] as PunctuationStyle[]) {
      const [line] = compose('真的？！他說：「好。」走', 40, style);
      expect(at(line, '！')[1] - at(line, '？')[1]).toBeCloseTo(1, 3);
      expect(at(line, '」')[1] - at(line, '。')[1]).toBeCloseTo(1, 3);
      expect(at(line, '」')[2]).toBeCloseTo(0.5, 3);
    }
  });

  it('sets each pair of three marks in a row at 1.5 em: a closing bracket\'s blank half serves both pairs', () => {
    // In zh-Hant ！ and 。 are centred, so ！」 takes the bracket's blank half after it. That
    // blank is also the one between 」 and 「: taking 「's half as well set 」「 in 1 em, ink to ink.
    for (const style of ['tw', 'hk'] as PunctuationStyle[]) {
      const [line] = compose('他說：「好！」「走。」《書》吧', 40, style);
      const origins = placed(line).map(([, origin]) => origin);
      // The marks after 好, in order: ！」「 。」《.
      const marks = line.atoms.map((a, i) => [a.text, i] as const).filter(([t], i) => i > 4 && '！」「。《'.includes(t));
      expect(marks.map(([t]) => t).join(''), style).toBe('！」「。」《');
      const [bang, close1, open, stop, close2, book] = marks.map(([, i]) => origins[i]);
      expect(close1 - bang, style).toBeCloseTo(1, 3);
      expect(open - close1, style).toBeCloseTo(0.5, 3);
      expect(close2 - stop, style).toBeCloseTo(1, 3);
      expect(book - close2, style).toBeCloseTo(0.5, 3);
      // 「 and 《 keep their blank halves before them, so the next character comes a full em later.
      expect(origins[marks[2][1] + 1] - open, style).toBeCloseTo(1, 3);
    }
    // Simplified sets the same run with the blank of each first mark: the same widths.
    const [sc] = compose('他说：“好！”“走。”《书》吧', 40, 'sc');
    const o = placed(sc).map(([, origin]) => origin);
    const i = (t: string, from = 0) => sc.atoms.findIndex((a, k) => k >= from && a.text === t);
    expect(o[i('“', 4)] - o[i('”')]).toBeCloseTo(0.5, 3);
    expect(o[i('《')] - o[i('”', i('走'))]).toBeCloseTo(0.5, 3);
  });

  it('Hong Kong compresses a centred mark equally at both sides, at most ¼ em each, and only to push a character in', () => {
    // Eleven characters and a comma on a 10.95-em line: pushing 十 out would widen nine gaps by more
    // than 0.1 em each, so the comma gives 0.05 em, 0.025 em from each side.
    const [line] = compose('一二三四，五六七八九十百千', 10.95, 'hk');
    expect(lineText(line)).toBe('一二三四，五六七八九十');
    const [, origin, advance] = at(line, '，');
    expect(advance).toBeCloseTo(0.95, 3);
    expect(origin).toBeCloseTo(4 - 0.025, 3);
    // A wider line pushes out instead: no mark below its house width.
    const [wide] = compose('一二三四，五六七八九十百千', 11.5, 'hk');
    expect(at(wide, '，')[2]).toBe(1);
  });

  it('Taiwan keeps a lone mark full width inside a line, and ？ is never compressed in zh-Hant', () => {
    const [tw] = compose('一二三四，五六七八九十百千', 10.95, 'tw');
    expect(lineText(tw)).toBe('一二三四，五六七八九');
    expect(at(tw, '，')[2]).toBe(1);
    const [hk] = compose('一二三四？五六七八九十百千', 10.95, 'hk');
    expect(lineText(hk)).toBe('一二三四？五六七八九');
    expect(at(hk, '？')[2]).toBe(1);
  });

  it('keeps the house width of ：“ (1.5 em) when pushing out widens the line by 0.1 em a gap or less', () => {
    const text = '他说：“一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十”';
    for (const l of compose(text, 30, 'sc').slice(0, -1)) {
      const i = l.atoms.findIndex((a) => a.text === '：');
      if (i >= 0 && l.atoms[i + 1]?.text === '“') expect((l.origins[i + 1] - l.origins[i]) / SIZE).toBeCloseTo(0.5, 3);
    }
  });

  it('sets the Han–Latin gap at ¼ em and widens it to ⅓ em at most, the rest going between characters', () => {
    // A short line with one Latin word: after the two gaps reach ⅓ em, the Han gaps take the rest.
    const [line] = compose('这是GPT模型的第一版呀后面还有很多', 8.9, 'sc');
    const gap = (i: number) => (line.starts[i + 1] - line.starts[i] - line.advances[i]) / SIZE;
    const word = line.atoms.findIndex((a) => a.text === 'GPT');
    expect(gap(word - 1)).toBeCloseTo(1 / 3, 3);
    expect(gap(word)).toBeCloseTo(1 / 3, 3);
    expect(right(line)).toBeCloseTo(8.9 * SIZE, 2);
    expect((line.starts[1] - line.advances[0]) / SIZE).toBeGreaterThan(0.01);
  });

  it('sets no Han–Latin gap at a hyphen joining two transliterated names', () => {
    const [line] = compose('他投入朗吉特-希金斯门下', 30, 'sc');
    const k = line.atoms.findIndex((a) => a.text === '-');
    expect(k).toBeGreaterThan(0);
    expect(line.starts[k] - (line.starts[k - 1] + line.advances[k - 1])).toBeCloseTo(0, 3);
    expect(line.starts[k + 1] - (line.starts[k] + line.advances[k])).toBeCloseTo(0, 3);
  });

  it.each(['hk', 'tw'] as const)('%s: a centred mark ending a ragged last line keeps its em, not pulled against its character', (style) => {
    const lines = compose('这一局我便说它赢了这一局。', 30, style);
    expect(lines).toHaveLength(1);
    const k = lines[0].atoms.length - 1;
    expect(lines[0].atoms[k].text).toBe('。');
    expect(lines[0].origins[k] / SIZE).toBeCloseTo(k, 3);
  });

  it('breaks a URL after / . - ? & =, never inside its scheme, with no hyphen drawn', () => {
    const lines = compose('论文见https://arxiv.org/abs/1706.03762的第三页', 9, 'sc');
    const texts = lines.map(lineText);
    expect(texts.join('')).toBe('论文见https://arxiv.org/abs/1706.03762的第三页');
    expect(texts.some((t) => /https?:\/?$/u.test(t) || t.endsWith('https'))).toBe(false);
    expect(texts.filter((t) => /[/.]$/u.test(t)).length).toBeGreaterThan(0);
    expect(lines.flatMap((l) => l.atoms).some((a) => a.added)).toBe(false);
  });

  it('breaks inside a URL’s long run of letters and digits, three characters each side, rather than leave a line loose', () => {
    const text = '详情可见论文原文（https://www.nature.com/articles/323533a0），此处不再赘述，众人听罢，面面相觑。';
    // At 28 ems the line could only end after articles/, 8 characters short of the measure.
    const lines = compose(text, 28, 'sc');
    expect(lines.map(lineText)).toEqual(['详情可见论文原文（https://www.nature.com/articles/32353', '3a0），此处不再赘述，众人听罢，面面相觑。']);
    expect(lines.some((l) => l.loose || l.atoms.some((a) => a.added))).toBe(false);
    // A word of the address (articles) is never broken inside.
    for (let measure = 10; measure <= 30; measure++) expect(compose(text, measure, 'sc').map(lineText).join('|')).not.toMatch(/a(?:r|rt|rti|rtic|rticl|rticle)\|/u);
  });

  it('hyphenates a long English word at a pattern point, drawing a hyphen that stands for no text', () => {
    const lines = compose('这一章讲backpropagation与internationalization两个词', 9, 'sc');
    const added = lines.flatMap((l) => l.atoms.filter((a) => a.added));
    expect(added.length).toBeGreaterThan(0);
    for (const a of added) expect([a.text, a.glyphs[0].codePoints]).toEqual(['-', []]);
    // Each added hyphen ends its line, after a piece of two letters at least.
    for (const l of lines) {
      const k = l.atoms.findIndex((a) => a.added);
      if (k >= 0) expect([k, l.atoms[k - 1].text.length >= 2]).toEqual([l.atoms.length - 1, true]);
    }
    const words = lines.map((l) => l.atoms.filter((a) => !a.added).map((a) => a.text).join('')).join('');
    expect(words).toBe('这一章讲backpropagation与internationalization两个词');
  });

  it('never hyphenates code: it breaks inline code only after . / ? & = -, with nothing drawn', () => {
    // The same words as prose are hyphenated (the test above); as code a hyphen would change what the code says.
    const inlines = [
      { kind: 'text' as const, text: '这一章讲', line: 1 },
      { kind: 'code' as const, text: 'backpropagation.internationalization()', line: 1 },
      { kind: 'text' as const, text: '两个词，又讲', line: 1 },
      { kind: 'code' as const, text: 'backpropagation', line: 1 },
      { kind: 'text' as const, text: '一个。', line: 1 },
    ];
    const atoms = inlineAtoms(inlines, { fonts: fontsFor('sc'), axis: HORIZONTAL, role: 'body', size: SIZE, style: 'sc' });
    const lines = composeParagraph({ atoms, measure: 9 * SIZE, firstIndent: 0, restIndent: 0, align: 'justify', em: SIZE, onWarn: () => {} });
    expect(lines.flatMap((l) => l.atoms).some((a) => a.added)).toBe(false);
    const texts = lines.map(lineText);
    expect(texts.join('')).toBe('这一章讲backpropagation.internationalization()两个词，又讲backpropagation一个。');
    expect(texts.some((t) => t.endsWith('backpropagation.'))).toBe(true);
  });

  it('never hyphenates a name or an acronym with capitals inside', () => {
    const lines = compose('一二三四五六七ChatGPT与ImageNet', 9, 'sc');
    expect(lines.flatMap((l) => l.atoms).some((a) => a.added)).toBe(false);
  });

  it('reports a line that holds nothing breakable and cannot be filled as loose', () => {
    const warnings: string[] = [];
    const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0';
    const lines = compose(`一个很长的英文词${token}在此`, 20, 'sc', warnings);
    expect(lines.some((l) => l.loose)).toBe(true);
    expect(warnings.some((w) => w.startsWith('layout:loose-line'))).toBe(true);
  });
});

describe('a centred block of a few lines (a heading, a 回目 couplet)', () => {
  const centred = (text: string, measureEm: number, style: PunctuationStyle = 'sc') => {
    const atoms = inlineAtoms([{ kind: 'text', text, line: 1 }], { fonts: fontsFor(style), axis: HORIZONTAL, role: 'heading', size: SIZE, style });
    return composeParagraph({ atoms, measure: measureEm * SIZE, firstIndent: 0, restIndent: 0, align: 'center', em: SIZE }).map(lineText);
  };

  it.each(['sc', 'tw', 'hk'] as const)('breaks a couplet between its halves, not where the first line is full (%s)', (style) => {
    const first = '图灵问道开宗立派论机器能否思考，';
    const second = '感知机殇十年寒冬群雄蛰伏待春风';
    // Filled greedily, 23 ems hold the first half and 感知机殇十年寒: the break fell inside 感知机.
    expect(centred(first + second, 23, style)).toEqual([first, second]);
  });

  it('breaks at a space between words as at a mark', () => {
    // The ideographic space the first line ends with is not set: it would pull the line off centre.
    expect(centred('第一回　甄士隐梦幻识通灵　贾雨村风尘怀闺秀', 16)).toEqual(['第一回　甄士隐梦幻识通灵', '贾雨村风尘怀闺秀']);
  });

  it('evens the lines of a title with no pause in it, and keeps their number', () => {
    const title = '天下英雄谁敌手论剑华山之巅问鼎中原江湖夜雨十年灯';
    const lines = centred(title, 16);
    expect(lines.join('')).toBe(title);
    expect(lines.map((l) => l.length)).toEqual([12, 12]);
  });

  it('breaks mid-phrase where the only pause would leave the lines far from even', () => {
    const title = '算法，天下英雄谁敌手论剑华山之巅问鼎中原江湖夜雨十年灯';
    const [a, b] = centred(title, 16);
    expect(a).not.toBe('算法，');
    expect(Math.abs(a.length - b.length)).toBeLessThanOrEqual(1);
  });

  it('leaves a line that fits alone', () => {
    expect(centred('第七章：脸书派的挑战', 20)).toEqual(['第七章：脸书派的挑战']);
  });
});
