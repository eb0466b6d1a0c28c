/**
 * Freezes a model value and everything it holds. A frozen chapter is one that
 * several builds share (a watch session's cache): stages that keep work per
 * chapter trust only frozen chapters, and a stage that wrote to one would
 * throw instead of changing the next build's input.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
}
