/**
 * Controller packet metadata as bmv2 carries it on its CPU port (simple_switch_grpc
 * --cpu-port): the `@controller_header("packet_out")` header is serialized in P4Info metadata
 * order, fields bit-packed big-endian (the first field in the most significant bits), padded
 * with zero bits to whole bytes, and put in front of the payload; a packet the pipeline sends
 * to the CPU port starts with the `packet_in` header, which is cut off and decoded into
 * PacketIn metadata the same way.
 *
 * The spec asks a PacketOut to carry exactly one value per packet_out field and the server to
 * drop it otherwise; we do, except that a field annotated `@padding` (the convention p4c keeps
 * in the P4Info and Stratum / PINS honour) may be left out and is then zero.
 */
import type { P4PacketMetadata, P4Schema } from '../../p4runtime/schema';
import type { p4 } from '../../p4runtime/proto';
import { byteWidth, fromBigInt, toBigInt, toCanonical, toFullWidth } from './bytestrings';
import { Code, fail } from './status';

/** Encodes PacketOut messages and decodes CPU-port packets for one P4Info. */
export class PacketIoCodec {
  private readonly packetOut: P4PacketMetadata | undefined;
  private readonly packetIn: P4PacketMetadata | undefined;
  /** Ids of packet_out fields annotated @padding. */
  private readonly padding = new Set<number>();

  constructor(schema: P4Schema) {
    // The spec names the two headers by their preamble name, not by id.
    this.packetOut = schema.packetMetadata.all().find((h) => h.name === 'packet_out');
    this.packetIn = schema.packetMetadata.all().find((h) => h.name === 'packet_in');
    const raw = schema.p4info.controller_packet_metadata.find(
      (h) => h.preamble?.name === 'packet_out',
    );
    for (const m of raw?.metadata ?? []) {
      if ((m.annotations ?? []).some((a) => a.trim() === '@padding')) this.padding.add(m.id ?? 0);
    }
  }

  /**
   * The bytes the pipeline receives on its CPU port for a PacketOut. Throws INVALID_ARGUMENT
   * when the metadata is not exactly one valid value per P4Info `packet_out` field.
   */
  encodePacketOut(msg: p4.v1.IPacketOut): Uint8Array {
    const payload = msg.payload ?? new Uint8Array();
    const given = msg.metadata ?? [];
    if (!this.packetOut) {
      if (given.length > 0) {
        fail(
          Code.INVALID_ARGUMENT,
          'PacketOut carries metadata but the P4Info has no packet_out header',
        );
      }
      return payload;
    }
    const header = this.packetOut;
    const values = new Map<number, Uint8Array>();
    for (const m of given) {
      const id = m.metadata_id ?? 0;
      const field = header.metadata.find(id);
      if (!field) {
        const known = header.metadata.list.map((f) => `${f.id} (${f.name})`).join(', ');
        fail(
          Code.INVALID_ARGUMENT,
          `PacketOut metadata id ${id} is not in packet_out; expected one of ${known}`,
        );
      }
      if (values.has(id))
        fail(Code.INVALID_ARGUMENT, `PacketOut metadata '${field.name}' (id ${id}) is given twice`);
      values.set(id, toFullWidth(m.value, field.bitwidth, `PacketOut metadata '${field.name}'`));
    }
    let bits = 0;
    let acc = 0n;
    for (const field of header.metadata.list) {
      const v = values.get(field.id);
      if (!v && !this.padding.has(field.id)) {
        fail(
          Code.INVALID_ARGUMENT,
          `PacketOut metadata '${field.name}' (id ${field.id}) is missing`,
        );
      }
      acc = (acc << BigInt(field.bitwidth)) | (v ? toBigInt(v) : 0n);
      bits += field.bitwidth;
    }
    const width = byteWidth(bits);
    const out = new Uint8Array(width + payload.length);
    out.set(fromBigInt(acc << BigInt(width * 8 - bits), width));
    out.set(payload, width);
    return out;
  }

  /**
   * The PacketIn for a packet the pipeline sent to the CPU port, or undefined when it is too
   * short to hold the packet_in header (bmv2 drops such a packet too).
   */
  decodePacketIn(packet: Uint8Array): p4.v1.IPacketIn | undefined {
    if (!this.packetIn) return { payload: packet, metadata: [] };
    const fields = this.packetIn.metadata.list;
    const bits = fields.reduce((n, f) => n + f.bitwidth, 0);
    const width = byteWidth(bits);
    if (packet.length < width) return undefined;
    let acc = toBigInt(packet.subarray(0, width)) >> BigInt(width * 8 - bits);
    const metadata: p4.v1.IPacketMetadata[] = [];
    for (let i = fields.length - 1; i >= 0; i--) {
      const f = fields[i];
      const v = acc & ((1n << BigInt(f.bitwidth)) - 1n);
      acc >>= BigInt(f.bitwidth);
      metadata.unshift({
        metadata_id: f.id,
        value: toCanonical(fromBigInt(v, byteWidth(f.bitwidth))),
      });
    }
    return { payload: packet.slice(width), metadata };
  }
}
