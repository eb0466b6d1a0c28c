// A worker thread starts without the TypeScript loader the main thread runs
// under, and does not run --import hooks before loading its entry module:
// register tsx here, in plain JavaScript, then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./edition-worker.ts');
