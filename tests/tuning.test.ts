import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TUNED_ENV, TUNED_FLAGS } from '../src/cli/tuning.ts';
import { ROOT } from './helpers/paths.ts';

/**
 * The installed command tunes itself (src/cli/tuning.ts); the npm scripts
 * write the same tuning out by hand. Held to each other, so that `npm run
 * build` and `zhanghui build` never drift apart in memory or speed.
 */
describe('the runtime tuning', () => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  for (const name of ['build', 'serve']) {
    it(`is what npm run ${name} sets`, () => {
      const script = scripts[name];
      for (const [variable, value] of Object.entries(TUNED_ENV)) expect(script).toContain(`${variable}=${value} `);
      for (const flag of TUNED_FLAGS) expect(script).toContain(` ${flag} `);
    });
  }

  it('gives npm run check the same heap flags', () => {
    for (const flag of TUNED_FLAGS) expect(scripts.check).toContain(` ${flag} `);
  });
});
