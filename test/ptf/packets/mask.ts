/**
 * mask.ts: an expected packet with the bits a test does not care about, as PTF's Mask.
 * Immutable: every `ignore*` returns a new Mask. It is the harness's MaskLike
 * (test/ptf/harness/types.ts): `bytes`, `mask`, `matches`.
 *
 *   const m = new Mask(expected).ignoreField('ipv6', 'flowLabel');
 *   expect(m.matches(actual)).toBe(true);
 */
import { layersOf } from './dissect';
import { type DecodedLayer, type PacketLike, bytesOf, findField, findLayer } from './fields';

/** An expected packet and which of its bits are significant. */
export class Mask {
  /** The expected bytes. */
  readonly bytes: Uint8Array;
  /** The expected packet's layers: the composer's, or dissected from plain bytes. */
  readonly layers: readonly DecodedLayer[];
  private readonly care: Uint8Array;

  /** A mask over `expected` with every bit significant, or with `care`'s 1 bits (PTF's mask bytes). */
  constructor(expected: PacketLike, care?: Uint8Array) {
    this.bytes = Uint8Array.from(bytesOf(expected));
    this.layers = expected instanceof Uint8Array ? layersOf(this.bytes) : expected.layers;
    this.care = care ? Uint8Array.from(care) : new Uint8Array(this.bytes.length).fill(0xff);
    if (this.care.length !== this.bytes.length) {
      throw new Error(`Mask: ${this.care.length} mask bytes for ${this.bytes.length} bytes`);
    }
    Object.freeze(this);
  }

  /** The significance bits, one per packet bit, 1 = compared (a copy). */
  get mask(): Uint8Array {
    return Uint8Array.from(this.care);
  }

  /** Whether bit `bitOffset` (MSB of byte 0 is bit 0) is significant. */
  isSignificant(bitOffset: number): boolean {
    return ((this.care[bitOffset >> 3] >> (7 - (bitOffset & 7))) & 1) === 1;
  }

  /** A copy of this mask with bits [bitOffset, bitOffset + bitLen) ignored. */
  ignoreBits(bitOffset: number, bitLen: number): Mask {
    const total = this.bytes.length * 8;
    if (!Number.isInteger(bitOffset) || !Number.isInteger(bitLen) || bitOffset < 0 || bitLen < 0) {
      throw new Error(`Mask.ignoreBits: offset ${bitOffset} and length ${bitLen} must be >= 0`);
    }
    if (bitOffset + bitLen > total) {
      throw new Error(
        `Mask.ignoreBits: bits ${bitOffset}+${bitLen} run past the ${total}-bit packet`,
      );
    }
    const care = Uint8Array.from(this.care);
    for (let bit = bitOffset; bit < bitOffset + bitLen; bit++) {
      care[bit >> 3] &= ~(0x80 >> (bit & 7));
    }
    return new Mask(this.withLayers(), care);
  }

  /** A copy of this mask with bytes [offset, offset + len) ignored. */
  ignoreBytes(offset: number, len: number): Mask {
    return this.ignoreBits(offset * 8, len * 8);
  }

  /** A copy with a field ignored: `ignoreField('ipv4', 'checksum')`, `ignoreField(3, 'hopLimit')`. */
  ignoreField(layer: number | string, field: string): Mask {
    const f = findField(findLayer(this.layers, layer), field);
    return this.ignoreBits(f.bitOffset, f.bitLength);
  }

  /** Whether `actual` has the expected length and equals the expected bytes on every significant bit. */
  matches(actual: PacketLike): boolean {
    const a = bytesOf(actual);
    return (
      a.length === this.bytes.length &&
      a.every((byte, i) => ((byte ^ this.bytes[i]) & this.care[i]) === 0)
    );
  }

  private withLayers(): PacketLike {
    return { bytes: this.bytes, layers: this.layers };
  }
}
