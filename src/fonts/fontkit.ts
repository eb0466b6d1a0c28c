import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';

/**
 * fontkit, loaded as CommonJS. Its ES module build and its dependencies'
 * (restructure alone is 18 files) are each a round trip to tsx's loader
 * thread at every start of the CLI and of each build worker. pdfkit's
 * CommonJS build (render/pdf/pdf-document.ts) requires this same copy.
 * Types come from `import type * as Fontkit from 'fontkit'` as usual.
 */
export const fontkit = createRequire(import.meta.url)('fontkit') as typeof Fontkit;
