import { kitchenSink } from '../../test/fixtures/kitchen-sink';
import { toLong } from '../proto';
import { P4SchemaError, P4ValueError } from './common';
import { DigestEntry } from './digest';

const schema = kitchenSink();

describe('DigestEntry', () => {
  it('encodes the configuration, every field defaulting to 0', () => {
    expect(
      new DigestEntry({ digest: 'mac_learn_digest_t', config: { maxListSize: 1 } }).encode(schema),
    ).toEqual({
      digest_entry: {
        digest_id: 0x17000001,
        config: { max_timeout_ns: toLong(0n), max_list_size: 1, ack_timeout_ns: toLong(0n) },
      },
    });
    expect(new DigestEntry().encode(schema)).toEqual({ digest_entry: {} });
  });

  it('round trips', () => {
    const d = new DigestEntry({
      digest: 'mac_learn_digest_t',
      config: { maxTimeoutNs: 1_000_000n, maxListSize: 64, ackTimeoutNs: 2_000_000_000n },
    });
    expect(DigestEntry.decode(d.encode(schema).digest_entry ?? {}, schema)).toEqual(d);
  });

  it('refuses negative values, a config without a digest, and unknown digests', () => {
    expect(() =>
      new DigestEntry({ digest: 'mac_learn_digest_t', config: { maxTimeoutNs: -1 } }).encode(
        schema,
      ),
    ).toThrow(
      "digest 'mac_learn_digest_t' config maxTimeoutNs: -1 is out of range (expected 0 to 2^63-1)",
    );
    expect(() => new DigestEntry({ config: {} }).encode(schema)).toThrow(
      'digest entry: a config needs a digest',
    );
    expect(() => new DigestEntry({ digest: 'mac_learn' }).encode(schema)).toThrow(P4SchemaError);
    expect(() =>
      new DigestEntry({ digest: 1, config: { maxListSize: 1.5 } }).encode(schema),
    ).toThrow(P4SchemaError);
    expect(() =>
      new DigestEntry({ digest: 0x17000001, config: { maxListSize: 1.5 } }).encode(schema),
    ).toThrow(P4ValueError);
  });
});
