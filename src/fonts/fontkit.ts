import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';

const require = createRequire(import.meta.url);
let loaded: typeof Fontkit | undefined;

/**
 * fontkit, loaded as CommonJS. Its ES module build and its dependencies'
 * (restructure alone is 18 files) are each a round trip to tsx's loader
 * thread at every start of the CLI and of each build worker. pdfkit's
 * CommonJS build (render/pdf/pdf-document.ts) requires this same copy.
 * Types come from `import type * as Fontkit from 'fontkit'` as usual.
 *
 * Loaded on first use: an EPUB reads its fonts' tables itself
 * (fonts/sfnt/) and never needs fontkit, whose loading costs a start-up a
 * fifth of a second.
 */
export const fontkit: Pick<typeof Fontkit, 'create'> = {
  create: (buffer, postscriptName) => {
    if (!loaded) {
      deferBrotli();
      loaded = require('fontkit') as typeof Fontkit;
    }
    return loaded.create(buffer, postscriptName);
  },
};

/**
 * fontkit requires brotli's decoder as it loads, and the decoder unpacks
 * its dictionary then (a sixteenth of a second), for WOFF2 files only: the
 * build decodes its WOFF2 chunks itself (fonts/sfnt/woff2.ts). Until then
 * require's cache holds, in the decoder's place, a function that loads the
 * real one when first called. Called before anything requires fontkit
 * (pdfkit too); once fontkit is loaded it does nothing.
 */
export function deferBrotli(): void {
  const path = createRequire(require.resolve('fontkit')).resolve('brotli/decompress.js');
  if (require.cache[path]) return;
  let real: ((...args: unknown[]) => unknown) | undefined;
  const decompress = (...args: unknown[]) => {
    if (!real) {
      delete require.cache[path];
      real = require(path) as (...args: unknown[]) => unknown;
    }
    return real(...args);
  };
  require.cache[path] = { id: path, filename: path, loaded: true, exports: decompress, children: [], paths: [] } as unknown as NodeJS.Module;
}
