import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';

/**
 * The standard gRPC health protocol, `grpc.health.v1` (grpc/grpc `src/proto/grpc/health/v1/health.proto`,
 * doc/health-checking.md), as the kubelet's prober uses it (`grpc_health_v1.HealthClient.Check`).
 * Written here in protobufjs's JSON form, which @grpc/proto-loader's `fromJSON` loads: the same
 * definition as the .proto text, with no file to ship or find at run time. Only `Check` is
 * declared: `Watch` and `List` are not used by probes.
 */
const HEALTH_V1: Parameters<typeof fromJSON>[0] = {
  nested: {
    grpc: {
      nested: {
        health: {
          nested: {
            v1: {
              nested: {
                // message HealthCheckRequest { string service = 1; }
                HealthCheckRequest: { fields: { service: { type: 'string', id: 1 } } },
                // message HealthCheckResponse { enum ServingStatus {…} ServingStatus status = 1; }
                HealthCheckResponse: {
                  fields: { status: { type: 'ServingStatus', id: 1 } },
                  nested: { ServingStatus: { values: { UNKNOWN: 0, SERVING: 1, NOT_SERVING: 2, SERVICE_UNKNOWN: 3 } } },
                },
                // service Health { rpc Check(HealthCheckRequest) returns (HealthCheckResponse); }
                Health: {
                  methods: {
                    Check: {
                      requestType: 'HealthCheckRequest',
                      responseType: 'HealthCheckResponse',
                      comment: 'The serving status of `service` ("": the server as a whole); NOT_FOUND for a service it does not know.',
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

export interface HealthCheckRequest {
  service: string;
}

/**
 * `status` as its enum name (`SERVING`); a number the definition does not name stays a number,
 * as Go's generated `String()` prints it.
 */
export interface HealthCheckResponse {
  status: string | number;
}

// Field names as written; enums as names; an absent field as its default (proto3: status UNKNOWN).
const definitions = fromJSON(HEALTH_V1, { keepCase: true, enums: String, defaults: true });

/** `grpc.health.v1.Health`, for a client call and for a test server (`Server.addService`). */
export const HEALTH_SERVICE = definitions['grpc.health.v1.Health'] as ServiceDefinition;

/** `/grpc.health.v1.Health/Check` with its request and response codecs. */
export const HEALTH_CHECK = HEALTH_SERVICE.Check as MethodDefinition<HealthCheckRequest, HealthCheckResponse>;
