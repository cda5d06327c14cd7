/**
 * What the whole-application tests on PostgreSQL share (app-inband, metrics-feeds): their
 * environment, the two-switch line they seed (video-0000 signs announcements with
 * ANNOUNCE_KEY), a loop that sends what s1 emits on an instance port back into it, and an
 * ANNOUNCE of video-0000 sent as a PacketOut.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { CommandService } from '../../../controller/commands/command.service';
import { sendAnnouncement } from '../../../controller/inband/simulator';
import { ReconcilerService } from '../../../controller/reconciler/reconciler.module';
import { SessionPool } from '../../../controller/switches';
import { DeviceEvent } from '../../../softswitch/device';
import { lineState } from '../../fixtures/fabric-line';
import type { EmbeddedSwitch } from '../harness';
import type { TestDatabase } from './databases';
import { waitFor } from './replicas';

export const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/:/g, ''), 'hex'));

/** video-0000's announcement key. */
export const ANNOUNCE_KEY = hex('00112233445566778899aabbccddeeff');

/** The application's environment: `db`, short polls and a short lease, replica app-1. */
export function appEnv(db: TestDatabase, more: Record<string, string> = {}) {
  return {
    DATABASE_URL: (db.target as { url: string }).url,
    SSA_RECONCILER_POLL_MS: '20',
    SSA_RECONCILER_RETRY_MS: '20',
    SSA_P4RUNTIME_RECONNECT_MS: '100',
    SSA_LEADERSHIP_LEASE_MS: '600',
    SSA_LEADERSHIP_REPLICA_ID: 'app-1',
    SSA_INBAND_LIVENESS_CHECK_MS: '20',
    ...more,
  };
}

/** Seeds the line of `switches` (3 instances, 4 slice bits); resolves once it is reconciled. */
export async function seedLine(app: INestApplicationContext, switches: EmbeddedSwitch[]) {
  const line = lineState({
    switches: switches.length,
    instances: 3,
    sliceBits: 4,
    address: (i) => switches[i].address,
  });
  const commands = app.get(CommandService);
  await commands.seed({
    services: line.services,
    instances: line.instances.map((x) =>
      x.id === 'video-0000' ? x.with({ announcementKey: ANNOUNCE_KEY }) : x,
    ),
    switches: line.switches,
    routes: line.routes,
    mslbs: line.mslbs,
  });
  const reconciler = app.get(ReconcilerService).reconciler;
  await waitFor(
    () => (reconciler.version === 1 && reconciler.converged()) || undefined,
    20_000,
    () => JSON.stringify(reconciler.statuses()),
  );
  return { commands, reconciler };
}

/** What `sw` sends out of `port` comes back into it (the instance's side of the link). */
export function loopBack(sw: EmbeddedSwitch, port: number): void {
  sw.device.on(DeviceEvent.EGRESS, (e: { port: number; packet: Uint8Array }) => {
    if (e.port === port) setImmediate(() => sw.device.inject(port, e.packet));
  });
}

/** An ANNOUNCE of video-0000 (weight 4), signed with `key`, sent out of s1's port 10. */
export async function announceVideo0(
  app: INestApplicationContext,
  key: Uint8Array,
  sequence: number,
): Promise<void> {
  const state = await app.get(CommandService).state();
  sendAnnouncement(
    app.get(SessionPool).get('s1')!.client,
    {
      kind: 'announce',
      key,
      serviceIdHex: state.service('video.example')!.idHex,
      instance: hex('20010db8000a00000000000000000001'),
      weight: 4,
      metric: 1,
      sequence,
      source: hex('20010db8000a00000000000000000001'),
      destination: hex('20010db800ff00000000000000000001'),
      sourceMac: hex('02:00:0a:00:00:01'),
      destinationMac: hex('02:00:00:01:01:0a'),
    },
    10,
  );
}
