import { existsSync } from 'node:fs';
import { SEED } from '../helpers/paths.ts';

/** `npm run test:seed` fails at once, with one line, where the author's chapter is not beside the project. */
export default function setup(): void {
  if (!existsSync(SEED)) throw new Error(`npm run test:seed reads the author's chapter at ${SEED}, which is not there`);
}
