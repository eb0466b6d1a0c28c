import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chapterUnits } from "../../src/model/walk.js";
/**
 * The reference converter: the C++ OpenCC command line (Debian `opencc`),
 * one input line per output line. `config` is a file name OpenCC finds in its
 * data folder (s2twp.json, s2hk.json).
 */
export function referenceOpenCC(lines, config) {
    if (lines.length === 0)
        return [];
    const r = spawnSync('opencc', ['-c', config], { input: lines.join('\n') + '\n', encoding: 'utf8' });
    if (r.status !== 0)
        throw new Error(`opencc -c ${config} failed (is the Debian package opencc installed?): ${r.stderr}`);
    const out = r.stdout.replace(/\n$/u, '').split('\n');
    if (out.length !== lines.length)
        throw new Error(`opencc returned ${out.length} lines for ${lines.length}`);
    return out;
}
const DATA_DIRS = ['/usr/share/opencc', '/usr/local/share/opencc'];
/**
 * Simplified characters that are also one of their own Traditional forms in
 * OpenCC's character table (里 → 裏 or 里, 丑 → 醜 or 丑, 斗 → 鬥 or 斗):
 * converted alone they change, yet in 千里, 癸丑, 斗膽 they are correct
 * Traditional text. Read from the reference data (STCharacters, all
 * candidates), because opencc-js keeps only the first candidate.
 */
export function ambiguousSelfForms() {
    const dir = DATA_DIRS.find((d) => existsSync(join(d, 'STCharacters.ocd2')));
    if (!dir)
        throw new Error('OpenCC data (STCharacters.ocd2) not found; install the Debian package opencc');
    const out = join(mkdtempSync(join(tmpdir(), 'opencc-')), 'STCharacters.txt');
    const r = spawnSync('opencc_dict', ['-i', join(dir, 'STCharacters.ocd2'), '-o', out, '-f', 'ocd2', '-t', 'text'], { encoding: 'utf8' });
    if (r.status !== 0)
        throw new Error(`opencc_dict failed: ${r.stderr}`);
    const self = new Set();
    for (const line of readFileSync(out, 'utf8').split('\n')) {
        const [from, candidates] = line.split('\t');
        if (from && candidates?.split(' ').includes(from))
            self.add(from);
    }
    return self;
}
/**
 * Every piece of text of a book as plain lines, in a fixed order, so two
 * editions of one manuscript line up: book metadata, then per chapter its
 * label, title, metadata fields and each text unit. Code spans and other
 * boundaries become a space: they are not converted and split phrases.
 */
export function plainLines(book) {
    const m = book.meta;
    const lines = [m.title, m.subtitle ?? '', m.author, m.publisher ?? '', m.description ?? ''];
    for (const ch of book.chapters) {
        lines.push(ch.label ?? '', ch.title);
        const meta = ch.meta;
        if (meta)
            lines.push(meta.time ?? '', meta.place ?? '', meta.event ?? '', meta.meaning ?? '', ...meta.people);
        for (const unit of chapterUnits(ch))
            lines.push(unit.parts.map(textOnly).join(' '));
        for (const fn of ch.footnotes)
            lines.push(fn.label);
    }
    return lines.map((l) => l.replace(/\n/gu, ' '));
}
function textOnly(inlines) {
    return inlines
        .map((n) => (n.kind === 'text' ? n.text : n.kind === 'emphasis' || n.kind === 'strong' || n.kind === 'link' ? textOnly(n.children) : ' '))
        .join('');
}
/**
 * Walks both texts together and returns the differences no allowance
 * explains, each with a little context. A difference is explained when both
 * texts, backed up to where the allowance starts, continue with its two sides.
 */
export function unexplainedDifferences(ours, reference, allowances) {
    const a = [...ours];
    const b = [...reference];
    const found = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        if (a[i] === b[j]) {
            i++;
            j++;
            continue;
        }
        const hit = explain(a, b, i, j, allowances);
        if (hit) {
            i = hit.i;
            j = hit.j;
            continue;
        }
        found.push(`ours …${a.slice(Math.max(0, i - 6), i + 6).join('')}… reference …${b.slice(Math.max(0, j - 6), j + 6).join('')}…`);
        // After an unexplained difference the two texts are out of step: one per line is enough to report.
        break;
    }
    return found;
}
function explain(a, b, i, j, allowances) {
    for (const allowance of allowances) {
        const o = [...allowance.ours];
        const r = [...allowance.reference];
        // Back up at most to the allowance's first character, so that a match always moves forward.
        for (let back = 0; back <= Math.min(i, j) && back < Math.min(o.length, r.length); back++) {
            if (startsWith(a, i - back, o) && startsWith(b, j - back, r))
                return { i: i - back + o.length, j: j - back + r.length };
        }
    }
    return undefined;
}
const startsWith = (s, at, prefix) => prefix.every((c, k) => s[at + k] === c);
