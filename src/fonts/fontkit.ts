import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';

const require = createRequire(import.meta.url);
let loaded: typeof Fontkit | undefined;

/**
 * fontkit, loaded as CommonJS. Its ES module build and its dependencies'
 * (restructure alone is 18 files) are each a round trip to tsx's loader
 * thread at every start of the CLI and of each build worker. pdfkit's
 * CommonJS build (render/pdf/pdfkit-adapter.ts) requires this same copy.
 * Types come from `import type * as Fontkit from 'fontkit'` as usual.
 *
 * Loaded on first use: an EPUB reads its fonts' tables itself
 * (fonts/sfnt/) and never needs fontkit, whose loading costs a start-up a
 * fifth of a second.
 */
export const fontkit: Pick<typeof Fontkit, 'create'> = {
  create: (buffer, postscriptName) => (loaded ??= require('fontkit') as typeof Fontkit).create(buffer, postscriptName),
};
