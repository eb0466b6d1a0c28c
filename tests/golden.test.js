import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fragmentXhtml, parseFragment, readGolden } from "./helpers/golden.js";
import { ROOT } from "./helpers/paths.js";
const DIR = join(ROOT, 'tests/fixtures/golden');
for (const file of ['plugins.txt', 'punctuation.txt']) {
    describe(`golden: ${file}`, () => {
        for (const c of readGolden(join(DIR, file))) {
            it(c.title, () => {
                const { book } = parseFragment(c.input, DIR);
                expect(fragmentXhtml(book)).toBe(c.expected);
            });
        }
    });
}
