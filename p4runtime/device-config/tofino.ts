/**
 * The p4_device_config of a Tofino switch, from what bf-p4c writes for one pipeline
 * (docs/tofino.md, "Pushing the pipeline"):
 *
 *   <out>/bfrt.json, <out>/<pipeline>/tofino.bin, <out>/<pipeline>/context.json
 *
 * in either of the two layouts a P4Runtime server for Tofino reads:
 *
 *   - the SDE's own P4Runtime server (bf_switchd with PI, and Stratum's legacy `bf` build):
 *     three length-prefixed blobs, each length an unsigned 32-bit little-endian integer:
 *       u32 len(program name) | program name | u32 len(tofino.bin) | tofino.bin |
 *       u32 len(context.json) | context.json
 *   - Stratum (stratum_bfrt): a serialized stratum.hal.barefoot.BfPipelineConfig protobuf,
 *       message BfPipelineConfig {
 *         message Profile { string profile_name = 1; bytes context = 2; bytes binary = 3;
 *                           repeated uint32 pipe_scope = 4; }
 *         string p4_name = 1; bytes bfruntime_info = 2; repeated Profile profiles = 3; }
 *
 * Both are encoded here by hand (a few bytes of framing), so no .proto of Stratum's is
 * needed at run time; the spec checks the protobuf against protobufjs's own encoding.
 */
import { DeviceConfigError, shown } from './errors';

/** bf-p4c's output for one program with one pipeline. */
export interface TofinoArtifacts {
  /** The P4 program's name (bf-p4c's output directory / "program-name" of its .conf). */
  readonly programName: string;
  /** `<pipeline>/tofino.bin`. */
  readonly binary: Uint8Array;
  /** `<pipeline>/context.json`. */
  readonly context: Uint8Array;
  /** `bfrt.json` (BF Runtime info); Stratum needs it, the SDE's P4Runtime server does not. */
  readonly bfrt?: Uint8Array;
  /** The pipeline's name, the `Pipeline(...) pipe;` instance: bf-p4c's sub-directory. */
  readonly pipelineName?: string;
  /** Hardware pipes the pipeline is loaded into; bf-p4c's .conf says [0, 1, 2, 3]. */
  readonly pipeScope?: readonly number[];
}

/** The pipeline name of p4/tna/main.p4 (`Pipeline(...) pipe;`). */
export const DEFAULT_PIPELINE_NAME = 'pipe';
/** Every pipe of a 4-pipe Tofino, as bf-p4c's .conf lists them. */
export const DEFAULT_PIPE_SCOPE: readonly number[] = [0, 1, 2, 3];

const MAX_U32 = 0xffffffff;

/** The SDE P4Runtime server's (PI's) layout: name, tofino.bin, context.json, LE u32 lengths. */
export function packTofinoSde(a: TofinoArtifacts): Uint8Array {
  checkCommon(a);
  const name = new TextEncoder().encode(a.programName);
  return concat([
    lengthLe(name),
    name,
    lengthLe(a.binary),
    a.binary,
    lengthLe(a.context),
    a.context,
  ]);
}

/** The three parts of an SDE-layout device config; throws when the framing does not add up. */
export function unpackTofinoSde(bytes: Uint8Array): {
  programName: string;
  binary: Uint8Array;
  context: Uint8Array;
} {
  let at = 0;
  const next = (what: string): Uint8Array => {
    if (at + 4 > bytes.length) {
      throw new DeviceConfigError(
        'deviceConfig',
        `${bytes.length} bytes`,
        `long enough for the length of ${what} at byte ${at}`,
      );
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, 4);
    const length = view.getUint32(0, true);
    at += 4;
    if (at + length > bytes.length) {
      throw new DeviceConfigError(
        'deviceConfig',
        `${bytes.length} bytes`,
        `long enough for ${what} (${length} bytes at byte ${at})`,
      );
    }
    const part = bytes.subarray(at, at + length);
    at += length;
    return part;
  };
  const name = next('the program name');
  const binary = next('tofino.bin');
  const context = next('context.json');
  if (at !== bytes.length) {
    throw new DeviceConfigError(
      'deviceConfig',
      `${bytes.length} bytes`,
      `exactly name, tofino.bin and context.json (${at} bytes)`,
    );
  }
  return { programName: new TextDecoder().decode(name), binary, context };
}

/** Stratum's BfPipelineConfig protobuf, with one profile (the program's one pipeline). */
export function packStratumTofino(a: TofinoArtifacts): Uint8Array {
  checkCommon(a);
  if (!a.bfrt?.length) {
    throw new DeviceConfigError(
      'tofino.bfrt',
      shown(a.bfrt),
      'the bfrt.json bf-p4c wrote (Stratum needs it)',
    );
  }
  const pipelineName = a.pipelineName ?? DEFAULT_PIPELINE_NAME;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(pipelineName)) {
    throw new DeviceConfigError(
      'tofino.pipelineName',
      shown(pipelineName),
      'a P4 identifier (the Pipeline instance)',
    );
  }
  const scope = a.pipeScope ?? DEFAULT_PIPE_SCOPE;
  if (
    !scope.length ||
    scope.some((p) => !Number.isInteger(p) || p < 0 || p > 3) ||
    new Set(scope).size !== scope.length
  ) {
    throw new DeviceConfigError(
      'tofino.pipeScope',
      `[${scope.join(', ')}]`,
      'distinct pipe numbers 0..3, at least one',
    );
  }
  const profile = concat([
    field(1, new TextEncoder().encode(pipelineName)),
    field(2, a.context),
    field(3, a.binary),
    field(4, concat(scope.map(varint))), // proto3 packs repeated scalars
  ]);
  return concat([
    field(1, new TextEncoder().encode(a.programName)),
    field(2, a.bfrt),
    field(3, profile),
  ]);
}

function checkCommon(a: TofinoArtifacts): void {
  if (!/^[A-Za-z0-9_.-]{1,255}$/.test(a.programName ?? '')) {
    throw new DeviceConfigError(
      'tofino.programName',
      shown(a.programName),
      'a program name of 1..255 letters, digits, _ . -',
    );
  }
  if (!a.binary?.length)
    throw new DeviceConfigError('tofino.binary', shown(a.binary), 'the tofino.bin bf-p4c wrote');
  if (!a.context?.length)
    throw new DeviceConfigError(
      'tofino.context',
      shown(a.context),
      'the context.json bf-p4c wrote',
    );
  for (const [name, blob] of [
    ['binary', a.binary],
    ['context', a.context],
  ] as const) {
    if (blob.length > MAX_U32)
      throw new DeviceConfigError(`tofino.${name}`, shown(blob), 'under 4 GiB');
  }
}

function lengthLe(part: Uint8Array): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, part.length, true);
  return out;
}

/** A length-delimited protobuf field (wire type 2). */
function field(number: number, payload: Uint8Array): Uint8Array {
  return concat([varint((number << 3) | 2), varint(payload.length), payload]);
}

function varint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
