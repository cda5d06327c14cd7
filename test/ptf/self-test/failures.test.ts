/**
 * The failure paths: a wrong packet, a missing one, a wrong PacketIn, a packet left over at
 * the end of a test. Each failure must say which port, show expected and actual bytes in hex,
 * 16 a line, and describe fields when the test gives a describe function.
 */
import { PacketExpectationError, ptfSuite, type Describe } from '../harness';
import { REFLECTOR, forward, frame } from './reflector';

/** A toy dissector: the EtherType and the tag byte. */
const describe: Describe = (b) =>
  `eth: type=0x${Buffer.from(b.subarray(12, 14)).toString('hex')}\ntag: ${b[14]}`;

/** The error `p` rejects with (fails the test when `p` resolves). */
async function failure(p: Promise<unknown>): Promise<PacketExpectationError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof PacketExpectationError)) {
    throw new Error(`expected a PacketExpectationError, got ${e === undefined ? 'success' : e}`);
  }
  return e;
}

ptfSuite('PTF harness: failure messages', REFLECTOR, (ptf) => {
  it('shows the port, both packets in hex with the differing bytes marked, and the fields', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert(forward(p1, p2));
    const sent = frame(1);
    sent[12] = 0x86; // another EtherType
    sent[13] = 0xdd;
    await s.send(p1, sent);
    const e = await failure(s.expectPacket(frame(1), p2, { describe }));
    const o = (n: number) => n.toString(16).padStart(4, '0');
    expect(e.message).toContain(`expectPacket on port ${p2}: the packet received differs`);
    expect(e.message).toContain(
      '60 bytes; 2 differ, the first at byte 12 (0x000c): expected 0x88, got 0x86',
    );
    expect(e.message).toContain(
      `  ${o(0)}  expected  ff ff ff ff ff ff 02 00 00 00 00 01 88 b5 01 0f\n` +
        `        actual    ff ff ff ff ff ff 02 00 00 00 00 01 86 dd 01 0f\n` +
        `                                                      ^^ ^^`,
    );
    expect(e.message).toContain(`  ${o(48)}  expected  30 31 32 33 34 35 36 37 38 39 3a 3b`);
    expect(e.message).toContain('expected fields:\n  eth: type=0x88b5\n  tag: 1');
    expect(e.message).toContain('actual fields:\n  eth: type=0x86dd\n  tag: 1');
  });

  it('says that nothing arrived, and what arrived instead', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.send(p1, frame(2)); // no entry: it becomes a PacketIn, not a frame on p2
    const e = await failure(s.expectPacket(frame(2), p2));
    expect(e.message).toContain(`expectPacket on port ${p2}: no packet arrived`);
    expect(e.message).toContain('expected (60 bytes):\n  0000  ff ff ff ff ff ff 02 00');
    expect(e.message).toContain(
      `received instead (still waiting):\n- PacketIn {ingress_port: ${p1}`,
    );
    await s.expectPacketIn(frame(2), { ingressPort: p1 }); // claimed: the test ends clean
  });

  it('reports a PacketIn whose metadata differs, by field name', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.send(p1, frame(3));
    const e = await failure(s.expectPacketIn(frame(3), { ingressPort: p2 }));
    expect(e.message).toContain(`metadata:\n  ingress_port: expected ${p2}, got ${p1}`);
    expect(e.message).toContain('payload as expected (60 bytes)');
  });

  it('refuses PacketIn metadata the P4Info does not have', async () => {
    const s = ptf.session;
    await expect(s.expectPacketIn(frame(4), { metadata: { port: 1 } })).rejects.toThrow(
      "packet_in has no metadata 'port' (it has: ingress_port, _pad)",
    );
  });

  it('fails expectNoOtherPackets on a packet nobody expected, and lists it', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert(forward(p1, p2));
    await s.send(p1, frame(5));
    const e = await failure(s.expectNoOtherPackets());
    expect(e.message).toContain(
      `1 unexpected packet(s):\n- port ${p2}, 60 bytes:\n  0000  ff ff ff ff ff ff 02 00 00 00 00 01 88 b5 05 0f`,
    );
    await s.expectNoOtherPackets(); // the leftover was reported once, then dropped
  });

  it('fails the end of a test (the afterEach check) when a packet is left over', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    await s.send(p1, frame(6));
    const e = await failure(s.finish());
    expect(e.message).toMatch(
      new RegExp(
        `^at the end of the test:\\n1 unexpected packet\\(s\\):\\n- PacketIn \\{ingress_port: ${p1}, _pad: 0\\}`,
      ),
    );
    expect(s.finished).toBe(true);
  });

  it('refuses a port the target does not have', async () => {
    const s = ptf.session;
    await expect(s.send(99, frame(7))).rejects.toThrow(
      `port 99 is not a front-panel port of the ${ptf.target.kind} target (ports: ${s.ports.join(', ')}`,
    );
  });
});
