/**
 * The Tofino device configs: the SDE P4Runtime server's length-prefixed layout and Stratum's
 * BfPipelineConfig protobuf (docs/tofino.md, "Pushing the pipeline").
 */
import * as fc from 'fast-check';
import * as protobuf from 'protobufjs';
import { DeviceConfigError } from './errors';
import { TofinoArtifacts, packStratumTofino, packTofinoSde, unpackTofinoSde } from './tofino';

const bytes = (text: string) => new TextEncoder().encode(text);

// Stratum's stratum/hal/lib/barefoot/bf.proto, message BfPipelineConfig, written out here so
// that protobufjs decodes (and encodes) what packStratumTofino writes.
const BF_PROTO = `
syntax = "proto3";
package stratum.hal.barefoot;
message BfPipelineConfig {
  message Profile {
    string profile_name = 1;
    bytes context = 2;
    bytes binary = 3;
    repeated uint32 pipe_scope = 4;
  }
  string p4_name = 1;
  bytes bfruntime_info = 2;
  repeated Profile profiles = 3;
}`;
const BfPipelineConfig = protobuf
  .parse(BF_PROTO)
  .root.lookupType('stratum.hal.barefoot.BfPipelineConfig');

const artifacts: TofinoArtifacts = {
  programName: 'ssa',
  binary: Uint8Array.from([1, 2, 3]),
  context: bytes('{}'),
  bfrt: bytes('{"tables":[]}'),
};

describe('packTofinoSde', () => {
  it('writes name, tofino.bin and context.json, each after its little-endian u32 length', () => {
    expect([...packTofinoSde(artifacts)]).toEqual([
      3, 0, 0, 0, 0x73, 0x73, 0x61, 3, 0, 0, 0, 1, 2, 3, 2, 0, 0, 0, 0x7b, 0x7d,
    ]);
  });

  it('writes a length above 255 in its low byte first', () => {
    const binary = new Uint8Array(0x1234).fill(7);
    const packed = packTofinoSde({ ...artifacts, binary });
    expect([...packed.subarray(7, 11)]).toEqual([0x34, 0x12, 0, 0]);
  });

  it('round-trips through unpackTofinoSde for any parts', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        (programName, binary, context) => {
          const out = unpackTofinoSde(packTofinoSde({ programName, binary, context }));
          expect(out.programName).toBe(programName);
          expect([...out.binary]).toEqual([...binary]);
          expect([...out.context]).toEqual([...context]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('unpack refuses a truncated or padded config', () => {
    const packed = packTofinoSde(artifacts);
    expect(() => unpackTofinoSde(packed.subarray(0, packed.length - 1))).toThrow(
      'long enough for context.json',
    );
    const padded = new Uint8Array(packed.length + 1);
    padded.set(packed);
    expect(() => unpackTofinoSde(padded)).toThrow('exactly name, tofino.bin and context.json');
  });

  it.each([
    ['an empty program name', { programName: '' }, 'tofino.programName: "" is not'],
    ['a program name with a slash', { programName: 'a/b' }, 'tofino.programName: "a/b" is not'],
    ['no tofino.bin', { binary: new Uint8Array() }, 'tofino.binary: 0 bytes is not the tofino.bin'],
    [
      'no context.json',
      { context: new Uint8Array() },
      'tofino.context: 0 bytes is not the context.json',
    ],
  ])('refuses %s', (_what, change, message) => {
    expect(() => packTofinoSde({ ...artifacts, ...change })).toThrow(DeviceConfigError);
    expect(() => packTofinoSde({ ...artifacts, ...change })).toThrow(message);
  });
});

describe('packStratumTofino', () => {
  it('is a BfPipelineConfig with one profile, the pipeline "pipe" on pipes 0..3', () => {
    const decoded = BfPipelineConfig.toObject(
      BfPipelineConfig.decode(packStratumTofino(artifacts)),
      {
        bytes: Array,
      },
    );
    expect(decoded).toEqual({
      p4Name: 'ssa',
      bfruntimeInfo: [...bytes('{"tables":[]}')],
      profiles: [
        {
          profileName: 'pipe',
          context: [...bytes('{}')],
          binary: [1, 2, 3],
          pipeScope: [0, 1, 2, 3],
        },
      ],
    });
  });

  it('is byte for byte what protobufjs encodes, for any parts', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
        (binary, context, bfrt, pipeScope) => {
          const ours = packStratumTofino({
            programName: 'p',
            binary,
            context,
            bfrt,
            pipeScope,
            pipelineName: 'pipe0',
          });
          const theirs = BfPipelineConfig.encode(
            BfPipelineConfig.create({
              p4Name: 'p',
              bfruntimeInfo: bfrt,
              profiles: [{ profileName: 'pipe0', context, binary, pipeScope }],
            }),
          ).finish();
          expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('encodes a tofino.bin longer than 127 bytes with a multi-byte length', () => {
    const binary = new Uint8Array(300).fill(1);
    const decoded = BfPipelineConfig.decode(
      packStratumTofino({ ...artifacts, binary }),
    ) as unknown as {
      profiles: { binary: Uint8Array }[];
    };
    expect(decoded.profiles[0].binary.length).toBe(300);
  });

  it.each([
    ['no bfrt.json', { bfrt: undefined }, 'tofino.bfrt: missing is not the bfrt.json'],
    ['an empty pipe scope', { pipeScope: [] }, 'tofino.pipeScope: [] is not distinct pipe numbers'],
    ['pipe 4', { pipeScope: [0, 4] }, 'tofino.pipeScope: [0, 4] is not'],
    ['a pipe twice', { pipeScope: [1, 1] }, 'tofino.pipeScope: [1, 1] is not'],
    [
      'a pipeline name that is no identifier',
      { pipelineName: 'a b' },
      'tofino.pipelineName: "a b" is not',
    ],
  ])('refuses %s', (_what, change, message) => {
    expect(() => packStratumTofino({ ...artifacts, ...change })).toThrow(message);
  });
});
