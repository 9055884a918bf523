import * as z from 'zod';
import type { PathSegment } from './field-path.js';

/** Reading the manifest schemas as data: which schema applies at a path, and where each field lives. */

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** The schema that checks the value at `path` under `root`, or undefined if the path leaves the schema. */
export function schemaAt(root: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(root);
  for (const segment of path) {
    if (current instanceof z.ZodObject && typeof segment === 'string') {
      const shape = current.shape as Record<string, z.ZodType>;
      const field = Object.hasOwn(shape, segment) ? shape[segment] : undefined;
      current = field === undefined ? undefined : unwrap(field);
    } else if (current instanceof z.ZodArray && typeof segment === 'number') {
      current = unwrap(current.element as z.ZodType);
    } else if (current instanceof z.ZodRecord) {
      current = unwrap(current.valueType as z.ZodType);
    } else {
      return undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}

export function objectKeys(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Every object in the schema tree, breadth first, with its path pattern (`spec.containers[]`). */
export function objectPlaces(root: z.ZodType): Array<{ place: string; keys: string[] }> {
  const places: Array<{ place: string; keys: string[] }> = [];
  const queue: Array<{ schema: z.ZodType; place: string }> = [{ schema: unwrap(root), place: '' }];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const { schema, place } = item;
    if (schema instanceof z.ZodArray) {
      queue.push({ schema: unwrap(schema.element as z.ZodType), place: `${place}[]` });
    } else if (schema instanceof z.ZodObject) {
      const shape = schema.shape as Record<string, z.ZodType>;
      places.push({ place, keys: Object.keys(shape) });
      for (const [key, field] of Object.entries(shape)) {
        queue.push({ schema: unwrap(field), place: place === '' ? key : `${place}.${key}` });
      }
    }
  }
  return places;
}
