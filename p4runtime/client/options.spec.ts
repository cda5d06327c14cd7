import { DEFAULT_CHANNEL_OPTIONS, channelOptionsOf, roleOf } from './options';

const base = { address: '127.0.0.1:1', deviceId: 1, electionId: 1 };

describe('client options', () => {
  it('merges the caller’s channel options over our defaults', () => {
    expect(channelOptionsOf(base)).toEqual(DEFAULT_CHANNEL_OPTIONS);
    expect(DEFAULT_CHANNEL_OPTIONS['grpc.max_receive_message_length']).toBe(256 * 1024 * 1024);
    const merged = channelOptionsOf({
      ...base,
      channelOptions: { 'grpc.keepalive_time_ms': 10_000, 'grpc.max_receive_message_length': 1024 },
    });
    expect(merged).toEqual({
      ...DEFAULT_CHANNEL_OPTIONS,
      'grpc.keepalive_time_ms': 10_000,
      'grpc.max_receive_message_length': 1024,
    });
  });

  it('takes a role as a name or as name and config', () => {
    expect(roleOf(base)).toEqual({ name: '' });
    expect(roleOf({ ...base, role: 'ops' })).toEqual({ name: 'ops' });
    const config = { type_url: 'type.googleapis.com/x.Y', value: Uint8Array.of(1) };
    expect(roleOf({ ...base, role: { name: 'ops', config } })).toEqual({ name: 'ops', config });
  });
});
