/**
 * A throwaway certificate authority made with openssl (Debian's openssl package), as
 * docs/security.md describes: a CA, a server certificate for 127.0.0.1, client certificates
 * whose OU names the role, and one client signed by another CA.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** PEM file paths of a client: key and certificate. */
  client(name: string): { key: string; cert: string };
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function ca(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign',
  ]);
}

function leaf(dir: string, name: string, subject: string, signer: string, ext: string): void {
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${signer}.crt`,
    '-CAkey',
    `${signer}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
    '-extfile',
    `${name}.ext`,
  ]);
}

/** Makes the CA and certificates in a new temporary folder. */
export function makeTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'ssa-test-ca-'));
  ca(dir, 'ca');
  ca(dir, 'rogue-ca');
  leaf(
    dir,
    'server',
    '/CN=127.0.0.1',
    'ca',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  const client = 'extendedKeyUsage=clientAuth\n';
  leaf(dir, 'alice', '/OU=admin/CN=alice', 'ca', client);
  leaf(dir, 'bob', '/OU=read-only/CN=bob', 'ca', client);
  leaf(dir, 'carol', '/OU=janitor/CN=carol', 'ca', client);
  leaf(dir, 'mallory', '/OU=admin/CN=mallory', 'rogue-ca', client);
  return {
    dir,
    caCert: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    client: (name) => ({ key: join(dir, `${name}.key`), cert: join(dir, `${name}.crt`) }),
  };
}

export function pem(path: string): Buffer {
  return readFileSync(path);
}
