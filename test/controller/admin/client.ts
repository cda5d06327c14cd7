/* eslint-disable @typescript-eslint/no-explicit-any -- messages decoded by proto-loader are untyped; the tests check them field by field */
/**
 * A client of the admin API built from the .proto files by proto-loader, independent of the
 * server's classes: it sees only what goes over the wire.
 */
import { join } from 'node:path';
import {
  type ChannelCredentials,
  type Client,
  Metadata,
  type ServiceError,
  credentials as grpcCredentials,
  loadPackageDefinition,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';

const PROTO = join(__dirname, '../../../proto');

const definition = loadSync(
  [
    'ssa/admin/v1/admin.proto',
    'grpc/health/v1/health.proto',
    'grpc/reflection/v1alpha/reflection.proto',
  ].map((f) => join(PROTO, f)),
  {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
    includeDirs: [PROTO],
  },
);
const pkg = loadPackageDefinition(definition) as unknown as {
  ssa: {
    admin: { v1: { AdminService: new (a: string, c: ChannelCredentials, o?: object) => Client } };
  };
  grpc: {
    health: { v1: { Health: new (a: string, c: ChannelCredentials) => Client } };
    reflection: { v1alpha: { ServerReflection: new (a: string, c: ChannelCredentials) => Client } };
  };
};

type Unary = (
  req: unknown,
  md: Metadata,
  opts: { deadline: number },
  cb: (e: ServiceError | null, r: Record<string, any>) => void,
) => void;

/** A unary call with a 5 s deadline; rejects with the ServiceError. */
export function unary(
  client: Client,
  method: string,
  request: unknown,
  token?: string,
): Promise<Record<string, any>> {
  const md = new Metadata();
  if (token !== undefined) md.set('authorization', `Bearer ${token}`);
  const f = (client as unknown as Record<string, Unary>)[method];
  if (typeof f !== 'function') throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) =>
    f.call(client, request, md, { deadline: Date.now() + 5000 }, (e, r) =>
      e ? reject(e) : resolve(r),
    ),
  );
}

/** The error a call rejected with (fails the test if it succeeded). */
export async function failure(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (e) {
    return e as ServiceError;
  }
  throw new Error('the call succeeded; a failure was expected');
}

export function adminClient(
  address: string,
  creds = grpcCredentials.createInsecure(),
  options: object = {},
): Client {
  return new pkg.ssa.admin.v1.AdminService(address, creds, options);
}
export function healthClient(address: string): Client {
  return new pkg.grpc.health.v1.Health(address, grpcCredentials.createInsecure());
}
export function reflectionClient(address: string): Client {
  return new pkg.grpc.reflection.v1alpha.ServerReflection(
    address,
    grpcCredentials.createInsecure(),
  );
}

// google.rpc.Status and BadRequest, declared here from their standard definitions.
const rich = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        protobuf: {
          nested: {
            Any: {
              fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } },
            },
          },
        },
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
              },
            },
            BadRequest: {
              fields: { field_violations: { rule: 'repeated', type: 'FieldViolation', id: 1 } },
              nested: {
                FieldViolation: {
                  fields: {
                    field: { type: 'string', id: 1 },
                    description: { type: 'string', id: 2 },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
});

/** The fields a BadRequest in the error's details names (wire: grpc-status-details-bin). */
export function badRequestFields(e: ServiceError): string[] {
  const raw = e.metadata?.get('grpc-status-details-bin')[0];
  if (raw === undefined) return [];
  const status = rich.lookupType('google.rpc.Status').decode(raw as Buffer) as unknown as {
    code: number;
    details: { type_url: string; value: Uint8Array }[];
  };
  const out: string[] = [];
  for (const d of status.details) {
    if (d.type_url !== 'type.googleapis.com/google.rpc.BadRequest') continue;
    const br = rich.lookupType('google.rpc.BadRequest').decode(d.value) as unknown as {
      field_violations: { field: string }[];
    };
    out.push(...br.field_violations.map((v) => v.field));
  }
  return out;
}
