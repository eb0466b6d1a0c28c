import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { inlineAtoms, type PunctuationStyle } from '../src/typeset/atoms.ts';
import { HORIZONTAL } from '../src/typeset/axis.ts';
import { composeParagraph, type ComposedLine } from '../src/typeset/line-breaker.ts';
import { LayoutFace, type LayoutFontSet } from '../src/typeset/layout-face.ts';
import { HAS_SEED, SAMPLE, SEED } from './helpers/paths.ts';

const require = createRequire(import.meta.url);
const serif = new LayoutFace(
  'serif',
  'Noto Serif SC',
  fontkit.openSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')) as fontkit.Font,
  0,
);
const fonts: LayoutFontSet = {
  find: (_role, test) => (test(serif) ? serif : undefined),
  faceFor: (_role, cp) => (serif.has(cp) ? serif : undefined),
  face: () => serif,
};

const SIZE = 10;
const NO_START = new Set([...'、，。．：；！？”’」』）》〉】〗〕］｝·‧・–～']);

function compose(text: string, measureEm: number, style: PunctuationStyle = 'sc', warnings: string[] = []): ComposedLine[] {
  const atoms = inlineAtoms([{ kind: 'text', text, line: 1 }], { fonts, axis: HORIZONTAL, role: 'body', size: SIZE, style });
  return composeParagraph({ atoms, measure: measureEm * SIZE, firstIndent: 0, restIndent: 0, align: 'justify', em: SIZE, onWarn: (rule, m) => warnings.push(`${rule}: ${m}`) });
}

const lineText = (l: ComposedLine) => l.atoms.map((a) => a.text).join('');
const right = (l: ComposedLine) => {
  const last = l.atoms.length - 1;
  return l.starts[last] + l.advances[last];
};

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

  it('breaks a Latin word wider than the line at a hyphen, with a warning', () => {
    const warnings: string[] = [];
    const lines = compose('模型名为Extraordinarily-Long-Transformer-Architecture的东西', 8, 'sc', warnings);
    expect(warnings.some((w) => w.startsWith('pdf:word-broken') && w.includes('hyphen'))).toBe(true);
    for (const l of lines) expect(l.inlineSize).toBeLessThanOrEqual(8 * SIZE + 0.01);
    expect(lines.map(lineText).join('')).toBe('模型名为Extraordinarily-Long-Transformer-Architecture的东西');
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

  it('sets adjacent marks in 1.5 em in the middle of a line (SC), 2 em in the Taiwan style', () => {
    const pairWidth = (style: PunctuationStyle) => {
      const [line] = compose('好，“走”吧', 40, style);
      const i = line.atoms.findIndex((a) => a.text === '，');
      return line.starts[i + 1] + line.advances[i + 1] - line.starts[i];
    };
    expect(pairWidth('sc')).toBeCloseTo(1.5 * SIZE, 2);
    expect(pairWidth('tw')).toBeCloseTo(2 * SIZE, 2);
  });

  it('puts a quarter em between Han and digits, shrinkable to an eighth, and justifies the line', () => {
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
      expect(g).toBeLessThanOrEqual(0.5 + 1e-6);
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

describe('push-in', () => {
  // The filler accepts a line when the spring model says compression can make it fit; placing
  // it then uses the same model, so no line it accepts may overrun the measure.
  const texts = readdirSync(SAMPLE)
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(join(SAMPLE, f), 'utf8'));
  if (HAS_SEED) texts.push(readFileSync(SEED, 'utf8'));
  const paragraphs = [
    ...texts.flatMap((t) => t.split('\n')).filter((l) => l.trim() !== ''),
    '他说："好，走吧！"——然后……没有然后。',
    '「引號」『內引』（括號）【書名】，、；：！？。',
    '共有992个80GB的A100显卡 参与 GPT-4 训练，历时 two months 之久。',
    '，，。。」」「「（（））、、',
    ' 前后有空格 ',
  ];

  for (const style of ['sc', 'hk', 'tw'] as PunctuationStyle[]) {
    it(`never sets a line longer than the measure, and fills every justified one (${style} style)`, () => {
      let lines = 0;
      let compressed = 0;
      const off: string[] = [];
      for (const text of paragraphs) {
        for (const measureEm of [9, 13, 17, 25, 30]) {
          const atoms = inlineAtoms([{ kind: 'text', text, line: 1 }], { fonts, axis: HORIZONTAL, role: 'body', size: SIZE, style });
          for (const l of composeParagraph({ atoms, measure: measureEm * SIZE, firstIndent: 2 * SIZE, restIndent: 0, align: 'justify', em: SIZE })) {
            lines++;
            const room = measureEm * SIZE - l.offset;
            const end = l.atoms.length ? right(l) : 0;
            if (end > room + 0.011 && off.length < 5) off.push(`${lineText(l)}: ${end} in ${room}`);
            // A line of one atom (a word broken to fit, a lone character) has no gap to widen.
            if (l.justified && l.atoms.length > 1 && Math.abs(l.inlineSize - room) > 0.011 && off.length < 5) off.push(`${lineText(l)} is not justified: ${l.inlineSize} of ${room}`);
            if (l.atoms.length && l.atoms.reduce((sum, a) => sum + a.advance, 0) > room + 0.01) compressed++;
          }
        }
      }
      expect(off).toEqual([]);
      expect(lines).toBeGreaterThan(1000);
      // Lines that fit only because they were compressed: the bound above was tested where it matters
      // (the Taiwan style compresses nothing but spaces, so few of its lines need it).
      expect(compressed).toBeGreaterThan(style === 'tw' ? 0 : 50);
    });
  }
});
