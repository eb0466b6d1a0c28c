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
  /** The V8 flags a script gives node: what comes between `node` and `--import tsx`. */
  const nodeFlags = (script: string) => {
    const m = /\bnode((?: --[\w-]+(?:=\S+)?)*?) --import tsx /u.exec(script);
    expect(m, `a script that runs node --import tsx: ${script}`).not.toBeNull();
    return m![1].split(' ').filter(Boolean);
  };

  for (const name of ['build', 'serve']) {
    it(`is what npm run ${name} sets`, () => {
      const script = scripts[name];
      for (const [variable, value] of Object.entries(TUNED_ENV)) expect(script).toContain(`${variable}=${value} `);
      expect(nodeFlags(script)).toEqual([...TUNED_FLAGS]);
    });
  }

  it('gives npm run check the same heap flags', () => {
    expect(nodeFlags(scripts.check)).toEqual([...TUNED_FLAGS]);
  });
});
