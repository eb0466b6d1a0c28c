import { missingTools, missingToolsMessage } from './outside-tools.ts';

/** Runs once before every test file: the suite stops here if an outside tool is missing. */
export default function setup(): void {
  const message = missingToolsMessage(missingTools());
  if (message) throw new Error(message);
}
