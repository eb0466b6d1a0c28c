import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';

/**
 * zod, loaded as CommonJS. Its ES module build is 95 files, and under tsx
 * each is a round trip to the loader's thread at every start of the CLI and
 * of each build worker, for the same library (docs/performance.md).
 * Types come from `import type { z } from 'zod'` as usual.
 */
export const z: typeof Zod = (createRequire(import.meta.url)('zod') as { z: typeof Zod }).z;
