/**
 * Every test leaves the switch as it found it: what a test inserts is gone in the next one, a
 * default it sets is back to the P4 program's, modified and deleted entries are written back,
 * and a test that changes tables behind the session's back fails at its end.
 */
import { ptfSuite } from '../harness';
import { WriteLog } from '../harness/writes';
import { REFLECTOR, forward, frame } from './reflector';

const TO_CPU = 'ReflectorIngress.to_cpu';

ptfSuite('PTF harness: cleanup between tests', REFLECTOR, (ptf) => {
  // The next two tests run in this order (Jest runs a file's tests one after the other).
  it('inserts a port_table entry that forwards', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    await s.insert(forward(p1, p2));
    await s.send(p1, frame(1));
    await s.expectPacket(frame(1), p2);
  });

  it('sees the default again in the next test: the entry was deleted', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    expect(await s.readEntry(forward(p1, p2))).toBeUndefined();
    await s.send(p1, frame(2));
    await s.expectPacketIn(frame(2), { ingressPort: p1 });
  });

  it('sets the default action to drop', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    await s.setDefault('port_table', { name: 'drop' });
    await s.send(p1, frame(3));
    await s.expectNoOtherPackets();
  });

  it('has the program default (to_cpu) back in the next test', async () => {
    const s = ptf.session;
    const [p1] = s.ports;
    expect((await s.readDefault('port_table')).action).toEqual({ name: TO_CPU });
    await s.send(p1, frame(4));
    await s.expectPacketIn(frame(4), { ingressPort: p1 });
  });

  it('modifies an entry it inserted; both are undone, last first', async () => {
    const s = ptf.session;
    const [p1, p2, p3] = s.ports;
    await s.insert(forward(p1, p2));
    await s.modify(forward(p1, p3));
    await s.send(p1, frame(5));
    await s.expectPacket(frame(5), p3);
  });

  it('undoes deletes and modifies of entries it did not write, with a WriteLog', async () => {
    const s = ptf.session;
    const [p1, p2, p3] = s.ports;
    const existing = forward(p1, p2);
    await s.client.write([{ type: 'insert', entity: existing }]); // there before "the test"
    try {
      const log = new WriteLog(s.client);
      await log.modify(forward(p1, p3));
      expect((await s.readEntry(existing))?.action).toEqual({
        name: 'ReflectorIngress.to_port',
        params: { port: BigInt(p3) },
      });
      await log.delete(existing);
      expect(await s.readEntry(existing)).toBeUndefined();
      expect(await log.undoAll()).toEqual([]);
      // Re-inserted, then modified back: as it was.
      expect((await s.readEntry(existing))?.action).toEqual({
        name: 'ReflectorIngress.to_port',
        params: { port: BigInt(p2) },
      });
    } finally {
      await s.client.write([{ type: 'delete', entity: existing }]);
    }
  });

  it('reports an undo that fails instead of stopping at it', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const log = new WriteLog(s.client);
    await log.insert(forward(p1, p2));
    await log.setDefault('port_table', { name: 'drop' });
    await s.client.write([{ type: 'delete', entity: forward(p1, p2) }]); // gone behind its back
    const problems = await log.undoAll();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^undo of insert of TableEntry port_table .*NOT_FOUND/s);
    expect((await s.readDefault('port_table')).action).toEqual({ name: TO_CPU }); // still undone
  });

  it('fails at the end of a test that changed the tables behind the session', async () => {
    const s = ptf.session;
    const [p1, p2] = s.ports;
    const stray = forward(p1, p2);
    await s.client.write([{ type: 'insert', entity: stray }]);
    try {
      await expect(s.finish()).rejects.toThrow(
        /the tables were not restored:\n\+ ReflectorIngress\.port_table .* -> ReflectorIngress\.to_port\(port=/,
      );
    } finally {
      await s.client.write([{ type: 'delete', entity: stray }]);
    }
  });
});
