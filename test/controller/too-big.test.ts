/**
 * Packet Too Big for the MSLB tunnel MTU (wire §4; docs/dataplane.md, Packet I/O): client
 * packets built by scapy, punted with the packet_in `mtu` of each tunnel family (6in6, 6in4:
 * IPv6 clients; 4in4, 4in6: IPv4 clients with DF), answered by the controller, and the
 * answers decoded by scapy: type, code, MTU, addresses and MACs swapped, checksums equal to
 * scapy's own, the client's packet quoted. Then the per-source rate limit.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { TooBigResponder } from '../../controller/inband/too-big-responder';
import {
  PUNT_MSLB_FRAG_NEEDED,
  PUNT_MSLB_PACKET_TOO_BIG,
  tooBigReply,
} from '../../controller/inband/too-big';

import { InbandDispatcher } from '../../controller/inband/dispatch';
import { DeviceEvent } from '../../softswitch/device';
import { lineState } from '../fixtures/fabric-line';
import { type EmbeddedSwitch, TestController, WriteLog, startSwitches } from './harness';
import { waitFor } from './support/replicas';

jest.setTimeout(60_000);

const SCRIPT = join(__dirname, 'support', 'scapy-icmp.py');

/** Debian's python3 has python3-scapy (CI installs it); P4_PYTHON overrides, as elsewhere. */
function scapy(cmd: string, input: unknown): unknown {
  const py = (process.env.P4_PYTHON ?? '').trim().split(/\s+/).filter(Boolean);
  const [exe, ...args] = py.length > 0 ? py : ['/usr/bin/python3'];
  const run = spawnSync(exe, [...args, SCRIPT, cmd], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) {
    throw new Error(`scapy-icmp.py ${cmd} failed (${run.status}): ${run.stderr}${run.error ?? ''}`);
  }
  return JSON.parse(run.stdout);
}

const TUNNEL_MTU = 1500;
const CASES = [
  { name: '6in6', inner: 6, outer: 40 },
  { name: '6in4', inner: 6, outer: 20 },
  { name: '4in4', inner: 4, outer: 20 },
  { name: '4in6', inner: 4, outer: 40 },
] as const;

describe('Packet Too Big / fragmentation needed, decoded by scapy (wire §4)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const mtu = TUNNEL_MTU - c.outer; // what the switch puts in packet_in.mtu
    const [hex] = scapy('clients', [{ family: c.inner, size: TUNNEL_MTU }]) as string[];
    const reason = c.inner === 6 ? PUNT_MSLB_PACKET_TOO_BIG : PUNT_MSLB_FRAG_NEEDED;
    const sent: { frame: Uint8Array; port: number }[] = [];
    const responder = new TooBigResponder();
    const outcome = responder.handle(
      { ingressPort: 3, reason, mtu, payload: Buffer.from(hex, 'hex') },
      (frame, port) => sent.push({ frame, port }),
    );
    expect(outcome).toBe('sent');
    expect(sent.map((s) => s.port)).toEqual([3]);
    const [d] = scapy('decode', [Buffer.from(sent[0].frame).toString('hex')]) as Record<
      string,
      unknown
    >[];
    expect(d).toMatchObject({ eth_src: '02:00:00:00:02:03', eth_dst: '02:00:00:00:0c:01' });
    expect(d.checksum_ok).toBe(true);
    expect(d.mtu).toBe(mtu);
    if (c.inner === 6) {
      // RFC 4443 §3.2: type 2 code 0; the whole reply within 1280 bytes.
      expect(d).toMatchObject({ type: 2, code: 0, nh: 58, src: '2001:db8:e::80' });
      expect(d).toMatchObject({ dst: '2001:db8:c::10', quoted_src: '2001:db8:c::10' });
      expect(d.length).toBe(14 + 1280);
      expect(d.quoted_len).toBe(1280 - 48);
    } else {
      // RFC 1191: type 3 code 4 with the next-hop MTU; RFC 1812: within 576 bytes.
      expect(d).toMatchObject({ type: 3, code: 4, proto: 1, src: '203.0.113.80' });
      expect(d).toMatchObject({ dst: '198.51.100.10', quoted_dst: '203.0.113.80' });
      expect(d.length).toBe(14 + 576);
    }
  });

  it('sends nothing about an ICMP error, a multicast source or a later fragment', () => {
    const [v6, v4] = (
      scapy('clients', [
        { family: 6, size: 1500 },
        { family: 4, size: 1500 },
      ]) as string[]
    ).map((h) => Buffer.from(h, 'hex'));
    const icmpError = Buffer.from(v6);
    icmpError[14 + 6] = 58;
    icmpError[14 + 40] = 1; // destination unreachable
    expect(tooBigReply(icmpError, PUNT_MSLB_PACKET_TOO_BIG, 1460)).toMatchObject({
      ok: false,
      why: 'not-allowed',
    });
    const multicast = Buffer.from(v6);
    multicast[14 + 8] = 0xff;
    expect(tooBigReply(multicast, PUNT_MSLB_PACKET_TOO_BIG, 1460)).toMatchObject({ ok: false });
    const fragment = Buffer.from(v4);
    fragment[14 + 7] = 10;
    expect(tooBigReply(fragment, PUNT_MSLB_FRAG_NEEDED, 1480)).toMatchObject({ ok: false });
    expect(tooBigReply(v4, PUNT_MSLB_PACKET_TOO_BIG, 1480)).toMatchObject({ why: 'malformed' });
    expect(tooBigReply(v6, PUNT_MSLB_PACKET_TOO_BIG, 0)).toMatchObject({ why: 'malformed' });
    for (let n = 0; n < 14 + 40; n++) {
      expect(tooBigReply(v6.subarray(0, n), PUNT_MSLB_PACKET_TOO_BIG, 1460).ok).toBe(false);
    }
  });

  it('limits errors per client address with a token bucket', () => {
    let now = 0;
    const responder = new TooBigResponder({ ratePerSecond: 10, burst: 5, clock: () => now });
    const [a, b] = (
      scapy('clients', [
        { family: 6, size: 1500 },
        { family: 6, size: 1400 },
      ]) as string[]
    ).map((h) => Buffer.from(h, 'hex'));
    b[14 + 8 + 15] = 0x99; // another client address
    let sent = 0;
    const send = () => sent++;
    const punt = (payload: Uint8Array) => ({ ingressPort: 1, reason: 4, mtu: 1280, payload });
    // 1,000 packets from a within one instant: the burst only.
    for (let i = 0; i < 1000; i++) responder.handle(punt(a), send);
    expect(sent).toBe(5);
    // Another client is not limited by the first one.
    expect(responder.handle(punt(b), send)).toBe('sent');
    // Over 10 s of 100 packets per second from a: the rate, 10 per second.
    sent = 0;
    for (let i = 0; i < 1000; i++) {
      now += 10;
      responder.handle(punt(a), send);
    }
    expect(sent).toBe(100);
    expect(responder.counters()).toEqual({
      sent: 106,
      'rate-limited': 1895,
      'not-allowed': 0,
      malformed: 0,
    });
  });
});

describe('Packet Too Big end to end: an embedded MSLB-F punts, the controller answers', () => {
  let sw: EmbeddedSwitch[];
  let ctl: TestController;
  let dispatcher: InbandDispatcher;

  afterEach(async () => {
    dispatcher?.close();
    await ctl?.close();
    await Promise.all((sw ?? []).map((s) => s.stop()));
  });

  it('6in6: a 1,500-byte packet over a 1,500-byte tunnel gets PTB with MTU 1,460', async () => {
    sw = await startSwitches(2);
    const line = lineState({
      switches: 2,
      instances: 2,
      sliceBits: 2,
      address: (i) => sw[i].address,
    });
    const state = line.with({
      mslbs: [
        {
          name: 'web',
          index: 0,
          serviceAddress: '2001:db8:e::80',
          mode: 'encapsulation',
          frontends: ['s2'],
          bSet: [{ address: '2001:db8:b::1', switch: 's2' }],
          tunnel: { v6: '2001:db8:f::2' },
          mtu: TUNNEL_MTU,
          bucketBits: 4,
        },
      ],
    });
    ctl = new TestController(new WriteLog());
    await ctl.apply(state);
    const responder = new TooBigResponder();
    dispatcher = new InbandDispatcher(ctl.pool, { tooBig: responder });
    const replies: { port: number; packet: Uint8Array }[] = [];
    sw[1].device.on(DeviceEvent.EGRESS, (e: { port: number; packet: Uint8Array }) =>
      replies.push(e),
    );
    const [hex] = scapy('clients', [{ family: 6, size: TUNNEL_MTU }]) as string[];
    const frame = Buffer.from(hex, 'hex');
    frame.set(Buffer.from('020000020001', 'hex'), 0); // to s2's port 1
    const out = sw[1].device.inject(1, frame);
    expect(out.filter((p) => p.port !== 510 && p.port !== 511)).toEqual([]); // punted, not sent
    await waitFor(() => replies.length > 0 || undefined, 10_000, 'no reply left the switch');
    expect(replies[0].port).toBe(1);
    const [d] = scapy('decode', [Buffer.from(replies[0].packet).toString('hex')]) as Record<
      string,
      unknown
    >[];
    expect(d).toMatchObject({ type: 2, code: 0, mtu: TUNNEL_MTU - 40, src: '2001:db8:e::80' });
    expect(d).toMatchObject({ dst: '2001:db8:c::10', eth_dst: '02:00:00:00:0c:01' });
    expect(d.checksum_ok).toBe(true);
    expect(responder.counters().sent).toBe(1);
  });
});
