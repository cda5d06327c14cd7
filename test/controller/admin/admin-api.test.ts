/* eslint-disable @typescript-eslint/no-explicit-any -- messages decoded by proto-loader are untyped; the tests check them field by field */
/**
 * The admin API end to end over gRPC (docs/admin-api.md), with a client built from the .proto
 * files: every call, its error codes and the field a refusal names (google.rpc.BadRequest in
 * grpc-status-details-bin), the Watch stream, health and reflection, and one audit row per
 * change.
 */
import { type Client, Metadata, status } from '@grpc/grpc-js';
import {
  adminClient,
  badRequestFields,
  failure,
  healthClient,
  reflectionClient,
  unary,
} from './client';
import { type AdminHarness, adminHarness } from './harness';
import { describeEngines } from '../support/databases';

const SWITCH_S3 = {
  name: 's3',
  deviceId: 3,
  address: '127.0.0.1:9561',
  target: 'embedded',
  roles: ['router'],
  ports: [{ port: 1, mac: '02:00:00:00:03:01' }],
};

describeEngines('admin API', (engine) => {
  let h: AdminHarness;
  let c: Client;
  let call: (method: string, req?: unknown) => Promise<Record<string, any>>;
  /** A call that must fail: its code and the fields its BadRequest names. */
  let refused: (method: string, req: unknown) => Promise<{ code: number; fields: string[] }>;
  let auditRows: () => Promise<number>;

  beforeAll(async () => {
    // Watch streams check their credentials again every 100 ms (revocation test below).
    h = await adminHarness(engine, { admin: { watchRecheckMs: 100 } });
    c = adminClient(h.address);
    call = (method, req = {}) => unary(c, method, req, h.adminToken);
    refused = async (method, req) => {
      const e = await failure(call(method, req));
      return { code: e.code, fields: badRequestFields(e) };
    };
    auditRows = async () => (await call('ListAudit', { limit: 1000 })).entries.length;
  });
  afterAll(async () => {
    c?.close();
    await h?.close();
  });

  /** Runs a change and checks it left exactly one audit row with `result`. */
  async function audited<T>(method: string, result: string, run: () => Promise<T>): Promise<T> {
    const before = await auditRows();
    const out = await run();
    const rows = (await call('ListAudit', { limit: 5 })).entries;
    expect(await auditRows()).toBe(before + 1);
    expect(rows[0]).toMatchObject({ method, result, principal: 'token:initial-admin' });
    return out;
  }

  it('answers health checks for the server and its services', async () => {
    const hc = healthClient(h.address);
    try {
      expect((await unary(hc, 'Check', { service: '' })).status).toBe('SERVING');
      expect((await unary(hc, 'Check', { service: 'ssa.admin.v1.AdminService' })).status).toBe(
        'SERVING',
      );
      expect((await failure(unary(hc, 'Check', { service: 'nope.Service' }))).code).toBe(
        status.NOT_FOUND,
      );
    } finally {
      hc.close();
    }
  });

  it('serves reflection: list_services and file_containing_symbol', async () => {
    const rc = reflectionClient(h.address);
    try {
      const stream = (rc as any).ServerReflectionInfo();
      const answers: any[] = [];
      const done = new Promise<void>((resolve, reject) => {
        stream.on('data', (d: any) => answers.push(d));
        stream.on('end', resolve);
        stream.on('error', reject);
      });
      stream.write({ list_services: '*' });
      stream.write({ file_containing_symbol: 'ssa.admin.v1.AdminService.ScaleService' });
      stream.write({ file_containing_symbol: 'ssa.admin.v1.Nothing' });
      stream.end();
      await done;
      const names = answers[0].list_services_response.service.map((s: any) => s.name);
      expect(names).toEqual([
        'grpc.health.v1.Health',
        'grpc.reflection.v1alpha.ServerReflection',
        'ssa.admin.v1.AdminService',
      ]);
      const files = answers[1].file_descriptor_response.file_descriptor_proto as Buffer[];
      expect(files.length).toBeGreaterThan(0);
      // proto-loader names each file by its package (ssa_admin_v1.proto).
      expect(files[0].toString('latin1')).toContain('ssa_admin_v1.proto');
      expect(files[0].toString('latin1')).toContain('ScaleService');
      expect(answers[2].error_response.error_code).toBe(status.NOT_FOUND);
    } finally {
      rc.close();
    }
  });

  describe('services', () => {
    const photos = {
      name: 'photos.example',
      index: 7,
      ranges: ['2001:db8:70::/64'],
      rule: { kind: 'source-bound-hash', key: '0badcafe' },
      slice_bits: 3,
    };

    it('creates, gets, lists, updates and deletes a service', async () => {
      const created = await audited('CreateService', 'OK', () =>
        call('CreateService', { service: photos }),
      );
      expect(created.service).toMatchObject({
        name: 'photos.example',
        index: 7,
        slice_bits: 3,
        rule: { kind: 'source-bound-hash', key: '0badcafe' },
      });
      expect(created.service.id_hex).toMatch(/^[0-9a-f]{16}$/);
      expect((await call('GetService', { name: 'Photos.Example.' })).service.name).toBe(
        'photos.example',
      );
      const names = (await call('ListServices')).services.map((s: any) => s.name);
      expect(names).toContain('photos.example');
      const updated = await audited('UpdateService', 'OK', () =>
        call('UpdateService', { name: 'photos.example', changes: { slice_bits: 4 } }),
      );
      expect(updated.service.slice_bits).toBe(4);
      expect(updated.version).toBe(created.version + 1);
      await audited('DeleteService', 'OK', () => call('DeleteService', { name: 'photos.example' }));
      expect((await failure(call('GetService', { name: 'photos.example' }))).code).toBe(
        status.NOT_FOUND,
      );
    });

    it('refuses with the code and the field at fault, storing nothing', async () => {
      const version = (await call('ListServices')).version;
      await audited('CreateService', 'ALREADY_EXISTS', async () =>
        expect(
          await refused('CreateService', { service: { ...photos, name: 'video.example' } }),
        ).toEqual({ code: status.ALREADY_EXISTS, fields: ['service.name'] }),
      );
      expect(
        await refused('CreateService', { service: { ...photos, ranges: ['2001:db8:70::/72'] } }),
      ).toEqual({ code: status.INVALID_ARGUMENT, fields: ['service.ranges[0]'] });
      expect(await refused('CreateService', {})).toEqual({
        code: status.INVALID_ARGUMENT,
        fields: ['service'],
      });
      expect(await refused('GetService', { name: 'nothing.example' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['name'],
      });
      expect(await refused('UpdateService', { name: 'nothing.example', changes: {} })).toEqual({
        code: status.NOT_FOUND,
        fields: ['name'],
      });
      expect(
        await refused('UpdateService', {
          name: 'video.example',
          changes: { name: 'other.example' },
        }),
      ).toEqual({ code: status.INVALID_ARGUMENT, fields: ['changes.name'] });
      expect(await refused('DeleteService', { name: 'nothing.example' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['name'],
      });
      expect((await call('ListServices')).version).toBe(version);
    });
  });

  describe('instances', () => {
    const video = (id: string, locator: string, extra: object = {}) => ({
      id,
      service: 'video.example',
      locators: [locator],
      weight: 1,
      ...extra,
    });

    it('adds, lists, weighs, moves, drains and removes an instance', async () => {
      const added = await audited('AddInstance', 'OK', () =>
        call('AddInstance', {
          instance: video('video-c', '2001:db8:a::3', {
            announcement_key: '00112233445566778899aabbccddeeff',
          }),
        }),
      );
      expect(added.instance).toMatchObject({
        id: 'video-c',
        state: 'active',
        has_announcement_key: true,
      });
      expect(added.instance.announcement_key).toBeUndefined();
      const audit = (await call('ListAudit', { limit: 1 })).entries[0];
      expect(audit.request_json).toContain('"announcement_key":"***"');
      expect(audit.request_json).not.toContain('00112233');

      const list = (await call('ListInstances', { service: 'video.example' })).instances;
      expect(list.map((x: any) => x.id).sort()).toEqual(['video-a', 'video-b', 'video-c']);
      expect(list.reduce((n: number, x: any) => n + x.slices, 0)).toBe(4);

      await audited('SetWeights', 'OK', () =>
        call('SetWeights', { weights: { 'video-c': 0 }, metrics: { 'video-a': 5 } }),
      );
      const after = (await call('ListInstances', { service: 'video.example' })).instances;
      const byId = Object.fromEntries(after.map((x: any) => [x.id, x]));
      expect(byId['video-c'].slices).toBe(0);
      expect(byId['video-a'].metric).toBe(5);

      const moved = await audited('SetLocators', 'OK', () =>
        call('SetLocators', { id: 'video-c', locators: ['2001:db8:a::33'] }),
      );
      expect(moved.instance.locators).toEqual(['2001:db8:a::33']);

      const drained = await audited('DrainInstance', 'OK', () =>
        call('DrainInstance', { id: 'video-b' }),
      );
      expect(drained.instance).toMatchObject({ state: 'draining', slices: 0 });
      const map = await call('GetSliceMap', { service: 'video.example' });
      expect(map.counts).toEqual({ 'video-a': 4 });

      await audited('RemoveInstance', 'OK', () => call('RemoveInstance', { id: 'video-c' }));
      const ids = (await call('ListInstances', {})).instances.map((x: any) => x.id);
      expect(ids).not.toContain('video-c');
    });

    it('refuses with the code and the field at fault', async () => {
      expect(await refused('AddInstance', { instance: video('video-a', '2001:db8:a::9') })).toEqual(
        { code: status.ALREADY_EXISTS, fields: ['instance.id'] },
      );
      expect(
        await refused('AddInstance', { instance: video('video-z', 'not-an-address') }),
      ).toEqual({ code: status.INVALID_ARGUMENT, fields: ['instance.locators[0]'] });
      expect(
        await refused('AddInstance', {
          instance: { ...video('video-z', '2001:db8:a::9'), service: 'nothing.example' },
        }),
      ).toEqual({ code: status.NOT_FOUND, fields: ['instance.service'] });
      expect(await refused('RemoveInstance', { id: 'nobody' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['id'],
      });
      expect(await refused('DrainInstance', { id: 'nobody' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['id'],
      });
      expect(await refused('SetWeights', { weights: { nobody: 1 } })).toEqual({
        code: status.NOT_FOUND,
        fields: ['weights.nobody'],
      });
      expect(await refused('SetWeights', { weights: { 'video-a': 70000 } })).toEqual({
        code: status.INVALID_ARGUMENT,
        fields: ['weights.video-a'],
      });
      expect(await refused('SetWeights', {})).toEqual({
        code: status.INVALID_ARGUMENT,
        fields: ['weights'],
      });
      expect(await refused('SetLocators', { id: 'nobody', locators: ['2001:db8::1'] })).toEqual({
        code: status.NOT_FOUND,
        fields: ['id'],
      });
      expect(await refused('ListInstances', { service: 'nothing.example' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['service'],
      });
    });
  });

  describe('scaling and the Watch stream', () => {
    it('scales a service in one event and streams it to a watcher', async () => {
      const others = subscribers(h); // the metrics follow the bus too
      const stream = (c as any).Watch(
        { kinds: ['change'], service: 'storage.svc.example' },
        authMetadata(h.adminToken),
      );
      const events: any[] = [];
      const got = new Promise<void>((resolve, reject) => {
        stream.on('data', (e: any) => {
          events.push(e);
          resolve();
        });
        stream.on('error', (e: any) => {
          if (e.code !== status.CANCELLED) reject(e);
        });
      });
      // The stream is subscribed once the server saw it: poll with a bound until it is.
      await until(() => subscribers(h) > others);
      await call('SetWeights', { metrics: { 'video-a': 9 } }); // another service: filtered out
      const scaled = await audited('ScaleService', 'OK', () =>
        call('ScaleService', {
          service: 'storage.svc.example',
          instances: [
            { id: 'store-1', locators: ['2001:db8:b::1'] },
            { id: 'store-2', locators: ['2001:db8:b::2'] },
          ],
        }),
      );
      expect(scaled.slices).toEqual({ 'store-1': 1, 'store-2': 1 });
      await got;
      stream.cancel();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        kind: 'change',
        action: 'set-instances',
        service: 'storage.svc.example',
        version: scaled.version,
      });
      expect(new Date(events[0].time).getTime()).not.toBeNaN();
      await until(() => subscribers(h) === others);
    });

    it('refuses a bad scaling list, a bad kind and a watcher without token', async () => {
      expect(
        await refused('ScaleService', {
          service: 'storage.svc.example',
          instances: [{ id: 'store-9', locators: ['2001:db8:a::1'] }],
        }),
      ).toEqual({ code: status.INVALID_ARGUMENT, fields: ['instances[0].locators[0]'] });
      expect(await refused('ScaleService', { service: 'nothing.example', instances: [] })).toEqual({
        code: status.NOT_FOUND,
        fields: ['service'],
      });
      const bad = await streamFailure(
        (c as any).Watch({ kinds: ['weather'] }, authMetadata(h.adminToken)),
      );
      expect(bad.code).toBe(status.INVALID_ARGUMENT);
      expect(badRequestFields(bad)).toEqual(['kinds[0]']);
      expect((await streamFailure((c as any).Watch({}))).code).toBe(status.UNAUTHENTICATED);
    });
  });

  describe('switches, MSLB and state queries', () => {
    it('registers, lists, reports and deregisters a switch', async () => {
      const r = await audited('RegisterSwitch', 'OK', () =>
        call('RegisterSwitch', { switch: { spec_json: JSON.stringify(SWITCH_S3) } }),
      );
      expect(JSON.parse(r.switch.spec_json)).toMatchObject({ name: 's3', deviceId: 3 });
      const names = (await call('ListSwitches')).switches.map((s: any) => s.name);
      expect(names).toEqual(['s1', 's2', 's3']);
      // Nothing listens at s3's address: the reconciler has not reached it (or is retrying),
      // and live reads need a ready session.
      const st = await call('GetSwitchStatus', { name: 's3' });
      expect(st).toMatchObject({ name: 's3', leader: '', applied_version: 0 });
      expect(['unknown', 'converging', 'diverged']).toContain(st.convergence);
      expect((await refused('GetTableOccupancy', { switch: 's3' })).code).toBe(
        status.FAILED_PRECONDITION,
      );
      expect((await refused('GetCounters', { switch: 's3' })).code).toBe(
        status.FAILED_PRECONDITION,
      );
      await audited('DeregisterSwitch', 'OK', () => call('DeregisterSwitch', { name: 's3' }));
    });

    it('refuses bad switch calls with the field', async () => {
      expect(await refused('RegisterSwitch', { switch: { spec_json: '[1' } })).toEqual({
        code: status.INVALID_ARGUMENT,
        fields: ['switch.spec_json'],
      });
      expect(
        await refused('RegisterSwitch', {
          switch: { spec_json: JSON.stringify({ ...SWITCH_S3, target: 'toaster' }) },
        }),
      ).toEqual({ code: status.INVALID_ARGUMENT, fields: ['switch.target'] });
      expect(await refused('DeregisterSwitch', { name: 's9' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['name'],
      });
      expect(await refused('GetSwitchStatus', { name: 's9' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['name'],
      });
      expect(await refused('GetTableOccupancy', { switch: 's9' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['switch'],
      });
      expect(await refused('GetCounters', {})).toEqual({
        code: status.INVALID_ARGUMENT,
        fields: ['switch'],
      });
    });

    it('puts, lists and deletes an MSLB service', async () => {
      const web = JSON.parse((await call('ListMslbs')).mslbs[0].spec_json);
      const put = await audited('PutMslb', 'OK', () =>
        call('PutMslb', { mslb: { spec_json: JSON.stringify({ ...web, mtu: 1400 }) } }),
      );
      expect(JSON.parse(put.mslb.spec_json).mtu).toBe(1400);
      expect(
        await refused('PutMslb', {
          mslb: { spec_json: JSON.stringify({ ...web, mode: 'teleport' }) },
        }),
      ).toEqual({ code: status.INVALID_ARGUMENT, fields: ['mslb.mode'] });
      await audited('DeleteMslb', 'OK', () => call('DeleteMslb', { name: 'web' }));
      expect((await call('ListMslbs')).mslbs).toEqual([]);
      expect(await refused('DeleteMslb', { name: 'web' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['name'],
      });
    });

    it('shows a slice map as runs and counts', async () => {
      const map = await call('GetSliceMap', { service: 'storage.svc.example' });
      expect(map.slice_bits).toBe(1);
      expect(map.runs.reduce((n: number, r: any) => n + r.count, 0)).toBe(2);
      expect(Object.values(map.counts).reduce((a: any, b: any) => a + b, 0)).toBe(2);
      expect(await refused('GetSliceMap', { service: 'nothing.example' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['service'],
      });
    });
  });

  describe('tokens and audit', () => {
    it('creates, lists and revokes tokens; a revoked token is refused', async () => {
      const made = await audited('CreateToken', 'OK', () =>
        call('CreateToken', { name: 'ops-reader', role: 'read-only' }),
      );
      expect(made.secret).toMatch(/^ssa_[0-9a-f]{16}_/);
      expect(made.token).toMatchObject({ name: 'ops-reader', role: 'read-only' });
      const listed = (await call('ListTokens')).tokens;
      expect(listed.map((t: any) => t.name)).toEqual(['initial-admin', 'ops-reader']);
      expect(JSON.stringify(listed)).not.toContain(made.secret);
      // The audit row of CreateToken holds no secret either.
      expect(JSON.stringify(await call('ListAudit', {}))).not.toContain(made.secret);
      expect((await unary(c, 'ListServices', {}, made.secret)).services.length).toBeGreaterThan(0);
      // A Watch stream opened with the token ends once the token is revoked.
      const others = subscribers(h);
      const watch = (c as any).Watch(
        { kinds: ['change'], service: 'quiet.example' },
        authMetadata(made.secret),
      );
      const ended = streamFailure(watch);
      await until(() => subscribers(h) > others);
      await audited('RevokeToken', 'OK', () => call('RevokeToken', { id: made.token.id }));
      const e = await ended;
      expect(e.code).toBe(status.UNAUTHENTICATED);
      expect(e.details).toMatch(/unknown or revoked/);
      await until(() => subscribers(h) === others);
      expect((await failure(unary(c, 'ListServices', {}, made.secret))).code).toBe(
        status.UNAUTHENTICATED,
      );
      expect((await call('ListTokens')).tokens[1].revoked_at).not.toBe('');
    });

    it('refuses bad token requests with the field', async () => {
      expect(await refused('CreateToken', { name: 'x', role: 'god' })).toEqual({
        code: status.INVALID_ARGUMENT,
        fields: ['role'],
      });
      expect(await refused('CreateToken', { name: 'initial-admin', role: 'admin' })).toEqual({
        code: status.ALREADY_EXISTS,
        fields: ['name'],
      });
      expect(await refused('CreateToken', { name: ' spaces ', role: 'admin' })).toEqual({
        code: status.INVALID_ARGUMENT,
        fields: ['name'],
      });
      expect(await refused('RevokeToken', { id: 'feedfeedfeedfeed' })).toEqual({
        code: status.NOT_FOUND,
        fields: ['id'],
      });
    });

    it('pages the audit log newest first', async () => {
      const first = (await call('ListAudit', { limit: 2 })).entries;
      expect(first).toHaveLength(2);
      expect(first[0].id).toBeGreaterThan(first[1].id);
      const next = (await call('ListAudit', { limit: 2, before_id: first[1].id })).entries;
      expect(next[0].id).toBeLessThan(first[1].id);
      expect(first[0].time).toMatch(/^\d{4}-\d\d-\d\dT/);
    });
  });
});

function authMetadata(token: string): Metadata {
  const md = new Metadata();
  md.set('authorization', `Bearer ${token}`);
  return md;
}

function subscribers(h: AdminHarness): number {
  return (h.events as unknown as { subscribers: number }).subscribers;
}

async function until(f: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

function streamFailure(stream: any): Promise<any> {
  return new Promise((resolve, reject) => {
    stream.on('data', () => reject(new Error('an event arrived; a failure was expected')));
    stream.on('error', resolve);
    stream.on('end', () => reject(new Error('the stream ended without an error')));
  });
}
