// As edition-worker-entry.mjs: a worker thread starts without the TypeScript
// loader, so tsx is registered here before the worker itself is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./review-worker.ts');
