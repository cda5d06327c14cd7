/**
 * PacketIn / PacketOut with controller packet metadata by name, encoded through the P4Info's
 * `packet_out` and `packet_in` controller headers.
 *
 *   client.sendPacket(frame, { egress_port: 3 });
 *   client.on(SwitchEvent.PACKET_IN, (p: PacketIn) => p.metadata.ingress_port); // 2n
 */
import { decodeBigInt, encodeValue, type BitValue } from '../bytes';
import { P4SchemaError } from '../names';
import type { p4 } from '../proto';
import type { P4Schema } from '../schema';

/** Metadata values by field name (or id), as accepted by `encodeValue`. */
export type PacketMetadataValues = Record<string, BitValue>;

/** A decoded PacketIn: the payload and its metadata by name, as unsigned integers. */
export interface PacketIn {
  payload: Uint8Array;
  metadata: Record<string, bigint>;
  raw: p4.v1.IPacketIn;
}

/**
 * Build a PacketOut; every metadata field of `packet_out` must be given, no others, except
 * `@padding` fields, which are zero unless given.
 */
export function encodePacketOut(
  schema: P4Schema,
  payload: Uint8Array,
  values: PacketMetadataValues,
): p4.v1.IPacketOut {
  const header = schema.packetMetadata.get('packet_out');
  const given = new Set(Object.keys(values));
  const metadata = header.metadata.list.map((field) => {
    if (!given.delete(field.name)) {
      if (field.padding) return { metadata_id: field.id, value: Uint8Array.of(0) };
      throw new P4SchemaError(
        `packet_out metadata '${field.name}' (bit<${field.bitwidth}>) is missing`,
      );
    }
    return { metadata_id: field.id, value: encodeValue(values[field.name], field.bitwidth) };
  });
  if (given.size) {
    const names = header.metadata.list.map((f) => f.name).join(', ');
    throw new P4SchemaError(
      `packet_out has no metadata ${[...given].map((n) => `'${n}'`).join(', ')} (it has: ${names})`,
    );
  }
  return { payload, metadata };
}

/** Decode a PacketIn's metadata by the `packet_in` controller header (unknown ids are kept by id). */
export function decodePacketIn(schema: P4Schema, p: p4.v1.IPacketIn): PacketIn {
  const header = schema.packetMetadata.findName('packet_in');
  const metadata: Record<string, bigint> = {};
  for (const m of p.metadata ?? []) {
    const field = header?.metadata.find(m.metadata_id ?? 0);
    metadata[field?.name ?? String(m.metadata_id)] = decodeBigInt(m.value ?? new Uint8Array());
  }
  return { payload: p.payload ?? new Uint8Array(), metadata, raw: p };
}
