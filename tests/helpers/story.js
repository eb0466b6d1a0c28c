import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hanMultiset } from "../../src/text/chars.js";
/** Story text of a manuscript folder: every chapter file with its metadata comment removed. */
export function storyText(dir) {
    return readdirSync(dir)
        .filter((n) => n.endsWith('.md'))
        .map((n) => readFileSync(join(dir, n), 'utf8').replace(/<!--[\s\S]*?-->/gu, ''))
        .join('\n');
}
/** Han characters of `expected` missing from `actual`, counted with multiplicity. */
export function missingHan(expected, actual) {
    const want = hanMultiset(expected);
    const have = hanMultiset(actual);
    const missing = [];
    for (const [ch, n] of want)
        if ((have.get(ch) ?? 0) < n)
            missing.push([ch, n - (have.get(ch) ?? 0)]);
    return missing;
}
/** The metadata comment's field values, as the manuscript writes them. */
export function metadataValues(dir) {
    const values = [];
    for (const n of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
        const comment = /<!--([\s\S]*?)-->/u.exec(readFileSync(join(dir, n), 'utf8'))?.[1] ?? '';
        for (const m of comment.matchAll(/^\s*-\s*[^：:\n]+[：:]\s*(.+)$/gmu))
            values.push(m[1].trim());
    }
    return values;
}
