import { status } from '@grpc/grpc-js';
import { CommandRefusedError } from '../commands/command';
import { decodeFieldViolations, encodeStatusDetails, toAdminError } from './rpc-error';
import { maskedJson } from './security/audit-log';
import { certificatePrincipal } from './security/authenticator';
import type { PeerCertificate } from 'node:tls';

describe('admin errors', () => {
  it('round-trips the field violations of a google.rpc.Status', () => {
    const bytes = encodeStatusDetails(status.INVALID_ARGUMENT, 'bad', [
      { field: 'service.ranges[0]', description: 'expected a /64' },
      { field: 'weights.vídeo', description: 'ü' },
    ]);
    expect(decodeFieldViolations(bytes)).toEqual([
      { field: 'service.ranges[0]', description: 'expected a /64' },
      { field: 'weights.vídeo', description: 'ü' },
    ]);
    expect(decodeFieldViolations(encodeStatusDetails(status.INTERNAL, 'x', []))).toEqual([]);
  });

  it('maps refusals to codes by what the domain expected', () => {
    const code = (expected: string) =>
      toAdminError(new CommandRefusedError('c', 'f', 'v', expected)).code;
    expect(code('the name of a service')).toBe(status.NOT_FOUND);
    expect(code('the id of an instance')).toBe(status.NOT_FOUND);
    expect(code('a name no service has yet')).toBe(status.ALREADY_EXISTS);
    expect(code("an id not taken (an instance of 'a' has it)")).toBe(status.ALREADY_EXISTS);
    expect(code("an index different from services[0]'s")).toBe(status.ALREADY_EXISTS);
    expect(code('a length of 64 at most')).toBe(status.INVALID_ARGUMENT);
    expect(toAdminError(new Error('the controller is shutting down')).code).toBe(
      status.UNAVAILABLE,
    );
    expect(toAdminError(new Error('boom')).code).toBe(status.INTERNAL);
  });

  it('masks secrets in audited requests', () => {
    const json = maskedJson({
      instance: { id: 'a', announcement_key: '0011', locators: ['2001:db8::1'] },
      secret: 's',
      token: '',
    });
    expect(JSON.parse(json)).toEqual({
      instance: { id: 'a', announcement_key: '***', locators: ['2001:db8::1'] },
      secret: '***',
      token: '',
    });
  });

  it('takes the role from a certificate OU and the principal from its CN', () => {
    const cert = (subject: Record<string, string | string[]>) =>
      ({ subject }) as unknown as PeerCertificate;
    expect(certificatePrincipal(cert({ OU: 'admin', CN: 'alice' }))).toEqual({
      name: 'cert:alice',
      role: 'admin',
    });
    expect(certificatePrincipal(cert({ OU: ['read-only', 'x'], CN: 'bob' }))).toEqual({
      name: 'cert:bob',
      role: 'read-only',
    });
    expect(() => certificatePrincipal(cert({ OU: 'janitor', CN: 'carol' }))).toThrow(/OU/);
    expect(() => certificatePrincipal(cert({ OU: 'admin' }))).toThrow(/CN/);
  });
});
