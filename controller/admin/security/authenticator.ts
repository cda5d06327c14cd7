import { type Metadata, status } from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import { AdminError } from '../rpc-error';
import { type Principal, ROLES, type Role } from './roles';
import type { TokenStore } from './token-store';

/** What the authenticator needs of a gRPC server call. */
export interface CallContext {
  getAuthContext?(): { sslPeerCertificate?: PeerCertificate } | null;
  /** Sends the response headers (Watch: once subscribed, so a client knows it is). */
  sendMetadata?(metadata: Metadata): void;
}

/**
 * Establishes who calls: a bearer token in `authorization` (checked against the hashed
 * tokens) or, without one, a client certificate that the TLS handshake verified against the
 * configured CA. The certificate's OU names the role (`admin` or `read-only`), its CN the
 * principal. A token that is given but wrong is refused even when a certificate is valid.
 */
export class Authenticator {
  constructor(private readonly tokens: TokenStore) {}

  /** The caller, or AdminError UNAUTHENTICATED. */
  async authenticate(metadata: Metadata, call: CallContext): Promise<Principal> {
    const header = metadata.get('authorization')[0];
    if (header !== undefined) {
      const m = /^Bearer (\S+)$/i.exec(String(header));
      if (m === null) {
        throw new AdminError(status.UNAUTHENTICATED, 'authorization: expected "Bearer <token>"');
      }
      const who = await this.tokens.authenticate(m[1]);
      if (who === undefined) {
        throw new AdminError(status.UNAUTHENTICATED, 'the bearer token is unknown or revoked');
      }
      return who;
    }
    // grpc-js only shows a peer certificate that verified against the server's client CA.
    const cert = call.getAuthContext?.()?.sslPeerCertificate;
    if (cert !== undefined) return certificatePrincipal(cert);
    throw new AdminError(
      status.UNAUTHENTICATED,
      'no credentials: send "authorization: Bearer <token>" or a client certificate',
    );
  }
}

/** The principal of a verified client certificate (CN) with the role of its OU. */
export function certificatePrincipal(cert: PeerCertificate): Principal {
  const ou = first(cert.subject?.OU);
  const cn = first(cert.subject?.CN);
  if (!ROLES.includes(ou as Role) || !cn) {
    throw new AdminError(
      status.UNAUTHENTICATED,
      `client certificate: subject OU ${JSON.stringify(ou ?? null)} and CN ${JSON.stringify(cn ?? null)}: expected OU ${ROLES.join(' or ')} and a CN`,
    );
  }
  return { name: `cert:${cn}`, role: ou as Role };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
