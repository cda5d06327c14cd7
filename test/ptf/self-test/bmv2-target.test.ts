/**
 * The bmv2 target end to end, with the embedded switch standing in for simple_switch_grpc:
 * veth pairs in a network namespace of its own, the harness's scapy helper on the test side
 * (t1..t3), a second helper on the switch side (s1..s3) that feeds the Device and sends out
 * what it emits, P4Runtime to a P4RuntimeServer, and a bmv2-style JSON device config. Only
 * bmv2 itself is missing. Needs root, `ip netns` and Debian's python3-scapy; the suite is
 * skipped, saying why, where one is missing (PTF_BRIDGE_TEST=0 skips it too).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Device, DeviceEvent } from '../../../softswitch/device';
import { P4RuntimeServer } from '../../../softswitch/p4rt/server';
import { reflector } from '../../../softswitch/pipelines/reflector';
import { PacketExpectationError, useTarget, type SuiteOptions } from '../harness';
import { FrameBridge } from '../harness/bmv2-io';
import { REFLECTOR, forward, frame } from './reflector';

const NS = `ptf-self-${process.pid}`;
const PYTHON = '/usr/bin/python3';
const PORTS = [1, 2, 3];

/** Why the suite cannot run here, or undefined when it can. */
function missing(): string | undefined {
  if (process.env.PTF_BRIDGE_TEST === '0') return 'PTF_BRIDGE_TEST=0';
  if (process.getuid?.() !== 0) return 'not root';
  const probe = `${NS}-probe`;
  try {
    execFileSync(PYTHON, ['-c', 'import scapy.config'], { stdio: 'ignore' });
  } catch {
    return `no scapy for ${PYTHON} (Debian: python3-scapy)`;
  }
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'ignore' });
  } catch {
    return 'cannot create a network namespace';
  }
  return undefined;
}

/** Runs a command in the namespace. */
const inNs = (...args: string[]) => execFileSync('ip', ['netns', 'exec', NS, ...args]);

const why = missing();
const suite = why ? describe.skip : describe;

suite(`PTF harness: the bmv2 target over veth pairs${why ? ` (skipped: ${why})` : ''}`, () => {
  const env: Record<string, string> = { P4_TARGET: 'bmv2' };
  const options: SuiteOptions = { ...REFLECTOR, env, timeoutMs: 1000, quietMs: 150 };
  let server: P4RuntimeServer;
  let switchSide: FrameBridge | undefined;
  let dir: string;
  const switchErrors: string[] = [];

  beforeAll(async () => {
    execFileSync('ip', ['netns', 'add', NS]);
    for (const p of PORTS) {
      inNs('ip', 'link', 'add', `t${p}`, 'type', 'veth', 'peer', 'name', `s${p}`);
      for (const i of [`t${p}`, `s${p}`]) {
        inNs('sysctl', '-qw', `net.ipv6.conf.${i}.disable_ipv6=1`); // no RS, DAD or MLD
        inNs('ip', 'link', 'set', i, 'up');
      }
    }
    const device = new Device({ id: 1, pipelines: [reflector] });
    server = new P4RuntimeServer([device]);
    const port = await server.start({ host: '127.0.0.1', port: 0 });
    const python = ['ip', 'netns', 'exec', NS, PYTHON];
    const bridge = await FrameBridge.start(python, new Map(PORTS.map((p) => [p, `s${p}`])), {
      onFrame: (p, bytes) => device.inject(p, bytes),
      onError: (m) => switchErrors.push(m),
    });
    switchSide = bridge;
    device.on(DeviceEvent.EGRESS, ({ port: p, packet }) => {
      bridge.send(p, packet).catch((e: Error) => switchErrors.push(e.message));
    });
    dir = mkdtempSync(join(tmpdir(), 'ptf-bmv2-'));
    const json = join(dir, 'reflector.json');
    writeFileSync(json, JSON.stringify({ program: './reflector.p4i', __meta__: {} }));
    Object.assign(env, {
      P4RUNTIME_ADDR: `127.0.0.1:${port}`,
      P4_BMV2_JSON: json,
      P4_PORT_MAP: PORTS.map((p) => `${p}=t${p}`).join(','),
      P4_PYTHON: python.join(' '),
    });
  }, 30_000);

  afterAll(async () => {
    await switchSide?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    execFileSync('ip', ['netns', 'del', NS], { stdio: 'ignore' });
  }, 30_000);

  describe('with a session per test', () => {
    const ptf = useTarget(options);

    afterEach(() => expect(switchErrors).toEqual([]));

    it('is the bmv2 target, with the ports of P4_PORT_MAP', () => {
      expect(ptf.target.kind).toBe('bmv2');
      expect(ptf.session.ports).toEqual(PORTS);
    });

    it('sends a PacketOut that comes out of the veth of its egress_port', async () => {
      const s = ptf.session;
      s.sendPacketOut(frame(1), { egress_port: 2 });
      await s.expectPacket(frame(1), 2);
    });

    it('sends a frame in on a veth; it comes back as a PacketIn with its ingress_port', async () => {
      const s = ptf.session;
      await s.send(1, frame(2));
      await s.expectPacketIn(frame(2), { ingressPort: 1 });
    });

    it('forwards by a port_table entry; nothing else shows up in the quiet time', async () => {
      const s = ptf.session;
      await s.insert(forward(1, 3));
      await s.send(1, frame(3));
      await s.expectPacket(frame(3), 3);
      await s.expectNoOtherPackets();
    });

    it('finds a packet left over once the quiet time has passed', async () => {
      const s = ptf.session;
      await s.insert(forward(1, 2));
      await s.send(1, frame(4));
      await expect(s.expectNoOtherPackets()).rejects.toThrow(
        /1 unexpected packet\(s\):\n- port 2, 60 bytes/,
      );
    });

    it('fails an expected packet that does not come within timeoutMs', async () => {
      const s = ptf.session;
      await expect(s.expectPacket(frame(5), 3)).rejects.toThrow(PacketExpectationError);
    });
  });
});
