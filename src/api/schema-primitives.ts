import * as z from 'zod';

/**
 * The building blocks of the manifest schemas. The schemas check only shapes and types (the JSON
 * decoder's job in Kubernetes); value rules live in `validate-*.ts`, so each rule has one message.
 */

export const str = z.string();
/** Kubernetes int64 fields (grace periods, deadlines). */
export const int = z.int();
/** Kubernetes int32 fields (ports, probe timings): larger values do not decode. */
export const int32 = z.int32();
export const bool = z.boolean();
export const stringList = z.array(z.string());
export const stringMap = z.record(z.string(), z.string());

/** `intstr.IntOrString`: probe ports are a number or a port name. */
export const intOrString = z.union([z.int32(), z.string()], { error: 'must be an integer or a string' });

/**
 * A resource quantity: Kubernetes accepts a JSON number too (`cpu: 1`, `cpu: 0.5`); it is kept as
 * the string the user meant, and checked by `quantity.ts` during validation.
 */
export const quantity = z
  .union([z.string(), z.number()], { error: 'must be a quantity such as 500m, 0.5 or 128Mi' })
  .transform((value) => (typeof value === 'number' ? String(value) : value));

export const resourceList = z.record(z.string(), quantity);

/** An object whose unknown keys are reported (as warnings, by `decode-pod.ts`) rather than silently dropped. */
export const object = z.strictObject;
