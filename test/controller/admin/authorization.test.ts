/* eslint-disable @typescript-eslint/no-explicit-any -- messages decoded by proto-loader are untyped; the tests check them field by field */
/**
 * Who may call what (docs/security.md): no credentials, a malformed or unknown token, a
 * read-only token on a change, an admin token, client certificates over mTLS (admin and
 * read-only OUs, an unknown OU, a certificate from another CA, none), and the first admin
 * token shown once.
 */
import { rmSync } from 'node:fs';
import { type Client, Metadata, type ServiceError, credentials, status } from '@grpc/grpc-js';
import { EXIT, ssactl } from '../../../controller/cli/ssactl';
import { adminClient, failure, unary } from './client';
import { type AdminHarness, adminHarness } from './harness';
import { type TestCa, makeTestCa, pem } from './test-ca';
import { testDatabase } from '../support/databases';

const NEW_SERVICE = (name: string, index: number) => ({
  service: { name, index, ranges: [], rule: { kind: 'content' }, slice_bits: 0 },
});

async function lastAudit(c: Client, token: string) {
  return (await unary(c, 'ListAudit', { limit: 1 }, token)).entries[0];
}

describe('admin API authorisation with bearer tokens', () => {
  let h: AdminHarness;
  let c: Client;
  let reader: string;

  beforeAll(async () => {
    h = await adminHarness('sqlite');
    c = adminClient(h.address);
    reader = (await unary(c, 'CreateToken', { name: 'reader', role: 'read-only' }, h.adminToken))
      .secret;
  });
  afterAll(async () => {
    c?.close();
    await h?.close();
  });

  it('refuses a call without credentials, and audits the refused change', async () => {
    expect((await failure(unary(c, 'ListServices', {}))).code).toBe(status.UNAUTHENTICATED);
    const e = await failure(unary(c, 'CreateService', NEW_SERVICE('a.example', 40)));
    expect(e.code).toBe(status.UNAUTHENTICATED);
    expect(await lastAudit(c, h.adminToken)).toMatchObject({
      method: 'CreateService',
      principal: 'unauthenticated',
      result: 'UNAUTHENTICATED',
    });
  });

  it('refuses an unknown or malformed token', async () => {
    const forged = h.adminToken.slice(0, -4) + 'AAAA';
    expect((await failure(unary(c, 'ListServices', {}, forged))).code).toBe(status.UNAUTHENTICATED);
    expect((await failure(unary(c, 'ListServices', {}, 'not-a-token'))).code).toBe(
      status.UNAUTHENTICATED,
    );
    const md = new Metadata();
    md.set('authorization', 'Basic dXNlcjpwdw==');
    const basic = await new Promise<ServiceError>((resolve) =>
      (c as any).ListServices({}, md, { deadline: Date.now() + 5000 }, (e: ServiceError) =>
        resolve(e),
      ),
    );
    expect(basic.code).toBe(status.UNAUTHENTICATED);
  });

  it('lets a read-only token read but not change', async () => {
    expect((await unary(c, 'ListServices', {}, reader)).services.length).toBe(2);
    expect((await unary(c, 'ListAudit', {}, reader)).entries.length).toBeGreaterThan(0);
    const e = await failure(unary(c, 'CreateService', NEW_SERVICE('b.example', 41), reader));
    expect(e.code).toBe(status.PERMISSION_DENIED);
    expect(await lastAudit(c, h.adminToken)).toMatchObject({
      method: 'CreateService',
      principal: 'token:reader',
      role: 'read-only',
      result: 'PERMISSION_DENIED',
    });
    expect((await failure(unary(c, 'ListTokens', {}, reader))).code).toBe(status.PERMISSION_DENIED);
    const names = (await unary(c, 'ListServices', {}, reader)).services.map((s: any) => s.name);
    expect(names).not.toContain('b.example');
  });

  it('lets an admin token change, audited with its name', async () => {
    await unary(c, 'CreateService', NEW_SERVICE('c.example', 42), h.adminToken);
    expect(await lastAudit(c, h.adminToken)).toMatchObject({
      method: 'CreateService',
      principal: 'token:initial-admin',
      role: 'admin',
      result: 'OK',
    });
  });

  it('shows the first admin token once: a restart on the same database makes none', async () => {
    const db = await testDatabase('sqlite');
    try {
      const first = await adminHarness('sqlite', { db, seed: false });
      expect(first.adminToken).toMatch(/^ssa_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      await first.close();
      const again = await adminHarness('sqlite', { db, seed: false });
      expect(again.adminToken).toBe('');
      const cc = adminClient(again.address);
      expect((await unary(cc, 'ListTokens', {}, first.adminToken)).tokens).toHaveLength(1);
      cc.close();
      await again.close();
    } finally {
      await db.drop();
    }
  });
});

describe('admin API authorisation with client certificates (mTLS)', () => {
  let ca: TestCa;
  let h: AdminHarness;
  const clients: Client[] = [];

  beforeAll(async () => {
    ca = makeTestCa();
    h = await adminHarness('sqlite', {
      admin: { tlsCert: ca.serverCert, tlsKey: ca.serverKey, clientCa: ca.caCert },
    });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h?.close();
    if (ca) rmSync(ca.dir, { recursive: true, force: true });
  });

  function tlsClient(who?: string): Client {
    const pair = who === undefined ? undefined : ca.client(who);
    const c = adminClient(
      h.address,
      credentials.createSsl(
        pem(ca.caCert),
        pair ? pem(pair.key) : null,
        pair ? pem(pair.cert) : null,
      ),
      // The server certificate names localhost too; TLS forbids an IP address as SNI name.
      { 'grpc.ssl_target_name_override': 'localhost' },
    );
    clients.push(c);
    return c;
  }

  it('lets an admin certificate change, audited as cert:<CN>', async () => {
    const alice = tlsClient('alice');
    await unary(alice, 'CreateService', NEW_SERVICE('d.example', 43));
    expect(await lastAudit(alice, h.adminToken)).toMatchObject({
      principal: 'cert:alice',
      role: 'admin',
      result: 'OK',
    });
  });

  it('lets a read-only certificate read but not change', async () => {
    const bob = tlsClient('bob');
    expect((await unary(bob, 'ListServices', {})).services.length).toBeGreaterThan(0);
    const e = await failure(unary(bob, 'CreateService', NEW_SERVICE('e.example', 44)));
    expect(e.code).toBe(status.PERMISSION_DENIED);
  });

  it('refuses a certificate with no known role, one from another CA, and none', async () => {
    expect((await failure(unary(tlsClient('carol'), 'ListServices', {}))).code).toBe(
      status.UNAUTHENTICATED,
    );
    expect((await failure(unary(tlsClient('mallory'), 'ListServices', {}))).code).toBe(
      status.UNAUTHENTICATED,
    );
    expect((await failure(unary(tlsClient(), 'ListServices', {}))).code).toBe(
      status.UNAUTHENTICATED,
    );
  });

  it('accepts a token over TLS without a client certificate', async () => {
    expect((await unary(tlsClient(), 'ListServices', {}, h.adminToken)).services.length).toBe(3);
  });

  it('lets ssactl use a client certificate, or a token over TLS', async () => {
    const io = {
      out: (t: string) => lines.push(t),
      err: (t: string) => errs.push(t),
      raw: () => undefined,
      tty: false,
    };
    const lines: string[] = [];
    const errs: string[] = [];
    const alice = ca.client('alice');
    const tls = ['--server', h.address, '--ca', ca.caCert, '--server-name', 'localhost'];
    expect(
      await ssactl(
        ['service', 'list', '--json', ...tls, '--cert', alice.cert, '--key', alice.key],
        io,
        {},
      ),
    ).toBe(EXIT.ok);
    expect(JSON.parse(lines.join('\n')).services.length).toBeGreaterThan(0);
    expect(await ssactl(['service', 'list', ...tls, '--token', h.adminToken], io, {})).toBe(
      EXIT.ok,
    );
    expect(await ssactl(['service', 'list', ...tls], io, {})).toBe(EXIT.denied);
    const bob = ca.client('bob');
    expect(
      await ssactl(
        ['service', 'delete', 'video.example', ...tls, '--cert', bob.cert, '--key', bob.key],
        io,
        {},
      ),
    ).toBe(EXIT.denied);
    expect(errs.join('\n')).toContain('PERMISSION_DENIED');
  });

  it('refuses a plaintext client on a TLS server', async () => {
    const plain = adminClient(h.address);
    clients.push(plain);
    expect((await failure(unary(plain, 'ListServices', {}, h.adminToken))).code).toBe(
      status.UNAVAILABLE,
    );
  });
});
