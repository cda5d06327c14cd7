import { type ServerDuplexStream, status } from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { Reader } from 'protobufjs/minimal';

interface ReflectionRequest {
  host?: string;
  message_request?: string;
  file_by_filename?: string;
  file_containing_symbol?: string;
  list_services?: string;
}

interface FileEntry {
  readonly name: string;
  readonly pkg: string;
  readonly bytes: Buffer;
}

/**
 * grpc.reflection.v1alpha.ServerReflection over the server's own package definition:
 * list_services, file_containing_symbol and file_by_filename (what grpcurl and similar
 * clients need). Other requests answer UNIMPLEMENTED in an error_response.
 */
export class ReflectionService {
  private readonly files: readonly FileEntry[];
  private readonly services: readonly string[];

  constructor(private readonly definition: PackageDefinition) {
    const seen = new Map<string, FileEntry>();
    for (const def of Object.values(definition)) {
      for (const bytes of descriptorsOf(def)) {
        const { name, pkg } = fileHeader(bytes);
        if (!seen.has(name)) seen.set(name, { name, pkg, bytes });
      }
    }
    this.files = [...seen.values()];
    this.services = Object.keys(definition)
      .filter((k) => isService(definition[k]))
      .sort();
  }

  /** The services it lists. */
  serviceNames(): readonly string[] {
    return this.services;
  }

  /** The grpc-js handlers. */
  handlers() {
    return {
      ServerReflectionInfo: (call: ServerDuplexStream<ReflectionRequest, unknown>) => {
        call.on('data', (req: ReflectionRequest) => call.write(this.answer(req)));
        call.on('end', () => call.end());
      },
    };
  }

  private answer(req: ReflectionRequest): Record<string, unknown> {
    const base = { valid_host: req.host ?? '', original_request: req };
    if (req.list_services !== undefined) {
      return {
        ...base,
        list_services_response: { service: this.services.map((name) => ({ name })) },
      };
    }
    if (req.file_by_filename !== undefined) {
      const f = this.files.find((x) => x.name === req.file_by_filename);
      return f === undefined
        ? error(base, status.NOT_FOUND, `file ${req.file_by_filename} not found`)
        : files(base, this.withDependencies(f));
    }
    if (req.file_containing_symbol !== undefined) {
      const symbol = req.file_containing_symbol;
      if (!this.knows(symbol)) return error(base, status.NOT_FOUND, `symbol ${symbol} not found`);
      // The file whose package holds the symbol comes first, its dependencies after it.
      const owner = [...this.files]
        .filter((f) => symbol.startsWith(f.pkg + '.'))
        .sort((a, b) => b.pkg.length - a.pkg.length)[0];
      return files(base, owner === undefined ? this.files : this.withDependencies(owner));
    }
    return error(
      base,
      status.UNIMPLEMENTED,
      'only list_services, file_by_filename and file_containing_symbol',
    );
  }

  private knows(symbol: string): boolean {
    // A method (pkg.Service.Method) is known through its service.
    const parts = symbol.split('.');
    return symbol in this.definition || parts.slice(0, -1).join('.') in this.definition;
  }

  private withDependencies(first: FileEntry): readonly FileEntry[] {
    return [first, ...this.files.filter((f) => f !== first)];
  }
}

function descriptorsOf(def: unknown): Buffer[] {
  const d = def as Record<string, unknown>;
  if (Array.isArray(d.fileDescriptorProtos)) return d.fileDescriptorProtos as Buffer[];
  if (isService(def)) {
    const m = Object.values(d)[0] as { requestType?: { fileDescriptorProtos?: Buffer[] } };
    return m.requestType?.fileDescriptorProtos ?? [];
  }
  return [];
}

function isService(def: unknown): boolean {
  const d = def as Record<string, unknown>;
  return (
    d !== null &&
    typeof d === 'object' &&
    !('format' in d) &&
    Object.values(d).every((m) => typeof (m as { path?: unknown })?.path === 'string')
  );
}

/** google.protobuf.FileDescriptorProto fields 1 (name) and 2 (package). */
function fileHeader(bytes: Buffer): { name: string; pkg: string } {
  const r = Reader.create(bytes);
  let name = '';
  let pkg = '';
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === 1) name = r.string();
    else if (tag >>> 3 === 2) pkg = r.string();
    else r.skipType(tag & 7);
  }
  return { name, pkg };
}

function files(base: object, list: readonly FileEntry[]): Record<string, unknown> {
  return { ...base, file_descriptor_response: { file_descriptor_proto: list.map((f) => f.bytes) } };
}

function error(base: object, code: number, message: string): Record<string, unknown> {
  return { ...base, error_response: { error_code: code, error_message: message } };
}
