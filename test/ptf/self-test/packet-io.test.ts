/**
 * The harness drives the reflector pipeline: PacketOut to a port, PacketIn for a packet with
 * no port_table entry, forwarding by an entry, several ports at once, masked expectations.
 * Ports come from the target, so these run unchanged on bmv2.
 */
import { ptfSuite, type MaskLike } from '../harness';
import { REFLECTOR, forward, frame } from './reflector';

ptfSuite('PTF harness: packet I/O through the reflector', REFLECTOR, (ptf) => {
  it('sends a PacketOut out of its egress_port', async () => {
    const s = ptf.session;
    const [, p2] = s.ports;
    s.sendPacketOut(frame(1), { egress_port: p2 });
    await s.expectPacket(frame(1), p2);
  });

  it('punts a front-panel packet with no port_table entry as a PacketIn with its ingress_port', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    await s.send(p1, frame(2));
    await s.expectPacketIn(frame(2), { ingressPort: p1 });
  });

  it('checks PacketIn metadata by its P4Info name', async () => {
    const s = ptf.session;
    const [, p2] = s.ports;
    await s.send(p2, frame(3));
    await s.expectPacketIn(frame(3), { metadata: { ingress_port: p2 } });
  });

  it('forwards by a port_table entry, and its direct counter counts the packet', async () => {
    const s = ptf.session;
    const [p1, , p3] = s.ports;
    const entry = forward(p1, p3);
    await s.insert(entry);
    await s.send(p1, frame(4));
    await s.expectPacket(frame(4), p3);
    expect(await s.readDirectCounter(entry)).toEqual({ packets: 1n, bytes: 60n });
  });

  it('expects packets on several ports: any order across ports, in order per port', async () => {
    const s = ptf.session;
    const [p1, p2, p3] = s.ports;
    await s.insert([forward(p1, p2), forward(p3, p1)]);
    await s.send(p1, frame(5));
    await s.send(p3, frame(6));
    await s.send(p1, frame(7));
    await s.expectPackets([
      { port: p1, packet: frame(6) },
      { port: p2, packet: frame(5) },
      { port: p2, packet: frame(7) },
    ]);
  });

  it('matches a masked expectation whatever the masked bytes hold', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert(forward(p1, p2));
    const sent = frame(8);
    sent[20] = 0xaa; // the "don't care" byte
    const expected = frame(8);
    const mask = new Uint8Array(60).fill(0xff);
    mask[20] = 0;
    const masked: MaskLike = {
      bytes: expected,
      mask,
      matches: (a) =>
        a.length === expected.length && a.every((b, i) => i === 20 || b === expected[i]),
    };
    await s.send(p1, sent);
    await s.expectPacket(masked, p2);
  });

  it('passes expectNoOtherPackets when everything sent was expected', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    s.sendPacketOut(frame(9), { egress_port: p1 });
    await s.send(p2, frame(10));
    await s.expectPacket(frame(9), p1);
    await s.expectPacketIn(frame(10), { ingressPort: p2 });
    await s.expectNoOtherPackets();
  });
});
