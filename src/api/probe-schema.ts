import * as z from 'zod';
import { int, int32, intOrString, object, str, stringList } from './schema-primitives.js';

/** Probe and lifecycle-hook handlers (`core/v1` `ProbeHandler`, `LifecycleHandler`) as written in a manifest. */

export const execActionSchema = object({ command: stringList.optional() });

export const httpHeaderSchema = object({ name: str, value: str });

export const httpGetActionSchema = object({
  path: str.optional(),
  port: intOrString,
  host: str.optional(),
  scheme: z.enum(['HTTP', 'HTTPS']).optional(),
  httpHeaders: z.array(httpHeaderSchema).optional(),
});

export const tcpSocketActionSchema = object({ port: intOrString, host: str.optional() });

export const sleepActionSchema = object({ seconds: int });

/** `port` is an int32, never a port name (core/v1 `GRPCAction`); `service` defaults to "". */
export const grpcActionSchema = object({ port: int32, service: str.optional() });

export const probeSchema = object({
  exec: execActionSchema.optional(),
  httpGet: httpGetActionSchema.optional(),
  tcpSocket: tcpSocketActionSchema.optional(),
  grpc: grpcActionSchema.optional(),
  initialDelaySeconds: int32.optional(),
  timeoutSeconds: int32.optional(),
  periodSeconds: int32.optional(),
  successThreshold: int32.optional(),
  failureThreshold: int32.optional(),
  terminationGracePeriodSeconds: int.optional(),
});

export const lifecycleHandlerSchema = object({
  exec: execActionSchema.optional(),
  httpGet: httpGetActionSchema.optional(),
  tcpSocket: tcpSocketActionSchema.optional(),
  sleep: sleepActionSchema.optional(),
});

export const lifecycleSchema = object({
  postStart: lifecycleHandlerSchema.optional(),
  preStop: lifecycleHandlerSchema.optional(),
});

export type ProbeManifest = z.output<typeof probeSchema>;
export type LifecycleHandlerManifest = z.output<typeof lifecycleHandlerSchema>;
export type HTTPGetActionManifest = z.output<typeof httpGetActionSchema>;
