/**
 * A synthetic manuscript for `npm run bench`, in the exact form of
 * ../shared/docs/manuscript-format.md: the book's size is counted in Han
 * characters of story text (the metadata comment does not count), about
 * 5,000 per chapter, drawn Zipf-like from GB2312 level 1.
 *
 * Deterministic: the same (chars, seed) gives the same bytes, and chapter i
 * draws from its own stream, so it does not depend on the chapters before it.
 *
 *   tsx bench/generate.ts --chars 1M [--seed 1] --out DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isHan } from "../src/text/chars.js";
import { assertLevel1, RANKED } from "./charset.js";
import { stream, Zipf } from "./random.js";
/** Below this a chapter's fixed parts (heading, poem, recap, note) do not fit. */
const MIN_CHAPTER = 1000;
// Literals the chapters use; checked against GB2312 level 1 once, at load.
const NAMES = ['图灵', '香农', '明斯基', '麦卡锡', '辛顿', '杨立昆', '本吉奥', '李飞飞', '吴恩达', '黄仁勋', '奥特曼', '哈萨比斯', '扎克伯格', '罗森布拉特', '杰罗姆'];
const TITLES = ['', '', '掌门', '长老', '先生', '宗师', '护法', '少侠'];
const SPEECH = ['说道', '笑道', '问道', '沉声道', '点头道', '缓缓道', '接口道', '叹道'];
const OPENERS = ['诸位', '掌门', '长老', '且慢', '不错', '依我看', '正是', '诸位请看'];
const STEMS = '甲乙丙丁戊己庚辛壬癸';
const BRANCHES = '子丑寅卯辰巳午未申酉戌亥';
const NUMERALS = '零一二三四五六七八九';
const FIXED = ['开篇诗词', '回顾前情', '作者注', '欲知后事如何，且听下回分解。', '元信息标注：时间地点主要人物技术事件核心意义年至', '第章层', '基准测试之书合成文本字种子基准生成器书社'];
assertLevel1(...NAMES, ...TITLES, ...SPEECH, ...OPENERS, STEMS, BRANCHES, NUMERALS, ...FIXED);
/** Latin terms and numbers as the seed sets them inside Chinese text, without spaces. */
const TERMS = ['GPT-3', '175B', 'PyTorch', 'OPT-175B', 'Transformer', 'BERT', 'ImageNet', 'AlexNet', 'ResNet-50', 'LSTM', 'A100', '80GB', 'TPU', 'CUDA', 'AlphaGo', 'LLaMA', 'RLHF', 'Switch Transformer', 'TensorFlow', 'HuggingFace'];
/** 1 → 一, 10 → 十, 15 → 十五, 110 → 一百一十, 1005 → 一千零五, as chapter labels write them. */
export function chineseNumeral(n) {
    if (!Number.isInteger(n) || n < 1 || n > 9999)
        throw new RangeError(`chapter number out of range: ${n}`);
    if (n < 20)
        return n < 10 ? NUMERALS[n] : `十${n > 10 ? NUMERALS[n - 10] : ''}`;
    const digits = String(n).split('').map(Number);
    const units = ['千', '百', '十', ''].slice(4 - digits.length);
    let out = '';
    let zero = false;
    digits.forEach((d, i) => {
        if (d === 0)
            zero = out !== '';
        else {
            out += (zero ? '零' : '') + NUMERALS[d] + units[i];
            zero = false;
        }
    });
    return out;
}
function countHan(text) {
    let n = 0;
    for (const ch of text)
        if (isHan(ch))
            n++;
    return n;
}
/** Writes one chapter; every method returns Markdown and the caller counts its Han. */
class ChapterWriter {
    rng;
    zipf;
    constructor(rng, zipf) {
        this.rng = rng;
        this.zipf = zipf;
    }
    han(n) {
        let s = '';
        for (let i = 0; i < n; i++)
            s += RANKED[this.zipf.draw(this.rng)];
        return s;
    }
    name() {
        return this.rng.pick(NAMES) + this.rng.pick(TITLES);
    }
    /** A clause of n Han characters, now and then with a Latin term or a number inside. */
    clause(n) {
        const text = this.han(n);
        const r = this.rng.next();
        if (r < 0.06 || n < 3)
            return text;
        const at = this.rng.int(1, n - 1);
        const insert = r < 0.12 ? this.rng.pick(TERMS) : r < 0.15 ? String(this.rng.int(2, 2048)) : '';
        return insert ? text.slice(0, at) + insert + text.slice(at) : text;
    }
    /** A sentence of n Han: clauses of 4–12 joined by ，、；, closed by 。！？ or an occasional "......". */
    sentence(n) {
        let out = '';
        let left = n;
        while (left > 0) {
            const len = left <= 12 ? left : this.rng.int(4, Math.min(12, left - 1));
            out += this.clause(len);
            left -= len;
            if (left > 0)
                out += this.rng.chance(0.85) ? '，' : this.rng.chance(0.5) ? '、' : '；';
        }
        const r = this.rng.next();
        return out + (r < 0.8 ? '。' : r < 0.88 ? '！' : r < 0.95 ? '？' : '......');
    }
    /** Prose of about n Han (exactly n), in sentences of 8–40. */
    prose(n) {
        let out = '';
        let left = n;
        while (left > 0) {
            const len = left <= 40 ? left : this.rng.int(8, Math.min(40, left - 8));
            out += this.sentence(len);
            left -= len;
        }
        return out;
    }
    narration() {
        return this.prose(this.rng.int(60, 260));
    }
    /** `"诸位，"某某说道，"……"` and its common variants, sometimes with a nested '…'. */
    dialogue() {
        const speech = this.rng.pick(SPEECH);
        let body = this.prose(this.rng.int(20, 120));
        if (this.rng.chance(0.15))
            body = `${this.han(3)}'${this.han(this.rng.int(2, 6))}'${body}`;
        const r = this.rng.next();
        if (r < 0.5)
            return `"${this.rng.pick(OPENERS)}，"${this.name()}${speech}，"${body}"`;
        if (r < 0.8)
            return `${this.name()}${speech}："${body}"`;
        return `"${body}"`;
    }
    sectionHeading() {
        const title = this.rng.chance(0.5) ? `${this.han(this.rng.int(2, 5))}，${this.han(4)}` : this.han(this.rng.int(4, 7));
        return `**【${title}】**`;
    }
    /** An intro line, then `**第一层：…**` run-in headings, each with a `- ` list right under it. */
    layers() {
        const parts = [`${this.prose(this.rng.int(10, 30)).replace(/[。！？.]+$/u, '')}：`];
        const count = this.rng.int(2, 4);
        for (let i = 1; i <= count; i++) {
            const items = Array.from({ length: this.rng.int(2, 3) }, () => `- ${this.clause(this.rng.int(4, 14))}`);
            parts.push([`**第${chineseNumeral(i)}层：${this.clause(this.rng.int(3, 6))}**`, ...items].join('\n'));
        }
        return parts.join('\n\n');
    }
    /** Four lines of seven, the verse breaks marked by two trailing spaces (none after the last). */
    poem() {
        const lines = [0, 1, 2, 3].map((i) => `> ${this.han(7)}${i % 2 === 0 ? '，' : '。'}`);
        return lines.map((l, i) => (i < 3 ? `${l}  ` : l)).join('\n');
    }
    year() {
        return this.rng.int(1950, 2024);
    }
    metadata() {
        const y1 = this.year();
        const y2 = y1 + this.rng.int(0, 6);
        const ganzhi = (y) => STEMS[(y - 4) % 10] + BRANCHES[(y - 4) % 12];
        const people = Array.from({ length: this.rng.int(2, 5) }, () => this.name()).join('、');
        return [
            '<!-- ',
            '元信息标注：',
            `- 时间：${ganzhi(y1)}年至${ganzhi(y2)}年 (${y1}-${y2})`,
            `- 地点：${this.han(4)}、${this.han(5)}`,
            `- 主要人物：${people}`,
            `- 技术事件：${this.han(8)}，${this.rng.pick(TERMS)}${this.han(6)}`,
            `- 核心意义：${this.han(12)}`,
            '-->',
        ].join('\n');
    }
    /** A chapter with exactly `budget` Han characters of story text. */
    chapter(number, budget) {
        const head = [
            `# 第${chineseNumeral(number)}章：${this.han(this.rng.int(4, 6))}`,
            this.metadata(),
            '---',
            `**【开篇诗词】**\n\n${this.poem()}`,
            '---',
            `**【回顾前情】**\n\n> ${this.prose(this.rng.int(80, 150)).replace(/[。！？.]+$/u, '')}......`,
            '---',
            this.sectionHeading(),
        ];
        const closing = '欲知后事如何，且听下回分解。';
        const note = ['---', '**【作者注】**', `本章${this.han(4)}${this.year()}年${this.prose(this.rng.int(40, 120))}`];
        // The metadata comment is not story text: count everything else.
        let left = budget - countHan(head.filter((b) => !b.startsWith('<!--')).join('')) - countHan(closing) - countHan(note.join(''));
        if (left < 100)
            throw new Error(`chapter budget ${budget} too small for its fixed parts`);
        const body = [];
        let sinceHeading = 0;
        // Blocks hold at most ~350 Han, so stopping at 400 leaves a positive remainder for the filler.
        while (left > 400) {
            let block;
            const r = this.rng.next();
            if (sinceHeading >= 4 && r < 0.2) {
                block = this.sectionHeading();
                sinceHeading = -1;
            }
            else if (r < 0.23)
                block = this.layers();
            else if (r < 0.25 && sinceHeading > 0)
                block = '---';
            else if (r < 0.6)
                block = this.dialogue();
            else
                block = this.narration();
            body.push(block);
            sinceHeading++;
            left -= countHan(block);
        }
        // The last paragraph before the closing formula takes exactly what is left.
        body.push(this.prose(left));
        return `${[...head, ...body, closing, ...note].join('\n\n')}\n`;
    }
}
function bookYaml(opts) {
    return [
        '# Generated by bench/generate.ts; not a real book.',
        'title: 基准测试之书',
        `subtitle: 合成文本${opts.chars}字，种子${opts.seed}`,
        'author: 基准生成器',
        'publisher: 基准书社',
        `slug: bench-${opts.chars}`,
        'published: 2026-01-01',
        'editions:',
        '  - zh-Hans',
        'formats:',
        '  - epub',
        '',
    ].join('\n');
}
/** book.yaml, then the chapters in order; lazily, so 5 M characters never sit in memory at once. */
export function* generateManuscript(opts) {
    const per = opts.chapterChars ?? 5000;
    if (!Number.isInteger(opts.chars) || opts.chars < MIN_CHAPTER)
        throw new RangeError(`--chars must be a whole number ≥ ${MIN_CHAPTER}`);
    const chapters = Math.max(1, Math.round(opts.chars / per));
    const base = Math.floor(opts.chars / chapters);
    const width = Math.max(3, String(chapters).length);
    const zipf = new Zipf(RANKED.length);
    yield { name: 'book.yaml', text: bookYaml(opts) };
    for (let i = 0; i < chapters; i++) {
        // The first (chars mod chapters) chapters take one character more: the total is exact.
        const budget = base + (i < opts.chars % chapters ? 1 : 0);
        const writer = new ChapterWriter(stream(opts.seed, i), zipf);
        yield { name: `${String(i + 1).padStart(width, '0')}-chapter.md`, text: writer.chapter(i + 1, budget) };
    }
}
/** Writes the manuscript into `dir` (created) and tells what it holds. */
export function writeManuscript(dir, opts) {
    mkdirSync(dir, { recursive: true });
    const seen = new Set();
    let han = 0;
    let bytes = 0;
    let chapters = 0;
    for (const file of generateManuscript(opts)) {
        const data = Buffer.from(file.text, 'utf8');
        writeFileSync(resolve(dir, file.name), data);
        bytes += data.length;
        if (!file.name.endsWith('.md'))
            continue;
        chapters++;
        for (const ch of file.text.replace(/<!--[\s\S]*?-->/u, '')) {
            if (isHan(ch)) {
                han++;
                seen.add(ch);
            }
        }
    }
    return { chars: opts.chars, seed: opts.seed, chapters, han, distinct: seen.size, bytes };
}
/** `1000000`, `1M`, `0.25M`, `250k` → a number of characters. */
export function parseCount(s) {
    const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/u.exec(s.trim().replace(/_/gu, ''));
    if (!m)
        throw new Error(`not a character count: '${s}' (try 250000, 250k, 0.25M)`);
    const n = Number(m[1]) * (m[2] === '' ? 1 : /k/iu.test(m[2]) ? 1e3 : 1e6);
    return Math.round(n);
}
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
    const { values } = parseArgs({ options: { chars: { type: 'string', default: '1M' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
    if (!values.out) {
        process.stderr.write('usage: tsx bench/generate.ts --chars 1M [--seed 1] --out DIR   (sizes: 0.25M 0.5M 1M 2M 5M)\n');
        process.exit(2);
    }
    const summary = writeManuscript(resolve(values.out), { chars: parseCount(values.chars), seed: Number(values.seed) });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
}
