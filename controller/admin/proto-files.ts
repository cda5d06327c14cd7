import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Options, type PackageDefinition, loadSync } from '@grpc/proto-loader';

/** The .proto files the admin server serves, relative to `proto/`. */
export const ADMIN_PROTO_FILES = [
  'ssa/admin/v1/admin.proto',
  'grpc/health/v1/health.proto',
  'grpc/reflection/v1alpha/reflection.proto',
] as const;

/** proto-loader options: field names as in the .proto, 64-bit integers as numbers. */
export const LOADER_OPTIONS: Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: false,
  arrays: true,
  objects: true,
  oneofs: true,
};

/**
 * The repository's `proto/` folder, found upwards from this file so that it works from the
 * sources (ts-jest) and from dist/ alike.
 */
export function protoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'proto', ADMIN_PROTO_FILES[0]))) return join(dir, 'proto');
    if (dirname(dir) === dir)
      throw new Error(`proto/${ADMIN_PROTO_FILES[0]} not found above ${from}`);
  }
}

/** The package definition of the admin, health and reflection services. */
export function loadAdminPackage(options: Options = LOADER_OPTIONS): PackageDefinition {
  const root = protoRoot();
  return loadSync(
    ADMIN_PROTO_FILES.map((f) => join(root, f)),
    { ...options, includeDirs: [root] },
  );
}
