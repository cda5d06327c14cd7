import { createSocket } from 'node:dgram';
import { encodeQuery } from './message';
import { exchange } from './transport';

describe('UDP exchange', () => {
  it('takes only an answer that carries our id and echoes our question', async () => {
    const server = createSocket('udp4');
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    const { port } = server.address();
    const query = encodeQuery('video.example', 'APL', { id: 0x1234 });
    const forged = encodeQuery('other.example', 'APL', { id: 0x1234 }); // right id, other question
    const right = Buffer.from(query);
    right[2] |= 0x80; // the same message flagged as a response
    server.on('message', (_m, from) => {
      server.send(forged, from.port, from.address);
      server.send(right, from.port, from.address);
    });
    try {
      const answer = await exchange(query, { host: '127.0.0.1', port }, 'udp', 2000);
      expect(answer.equals(right)).toBe(true);
    } finally {
      server.close();
    }
  });
});
