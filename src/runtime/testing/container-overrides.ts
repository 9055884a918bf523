import type { ObservedContainer } from '../types.js';

/** Test fixture overrides: a field given as `undefined` means "the container has none". */
export type ContainerOverrides = { [K in keyof ObservedContainer]?: ObservedContainer[K] | undefined };

/** `base` with `overrides` applied; fields left undefined are dropped, as the engine adapter leaves them out. */
export function withOverrides(base: ObservedContainer, overrides: ContainerOverrides): ObservedContainer {
  const merged: Record<string, unknown> = { ...base, ...overrides };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return merged as unknown as ObservedContainer;
}
