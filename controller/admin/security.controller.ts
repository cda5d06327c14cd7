import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { AdminCalls } from './admin-calls';
import { AuditLog } from './security/audit-log';
import type { CallContext } from './security/authenticator';
import { type TokenInfo, TokenStore } from './security/token-store';

type Req = Record<string, unknown>;
const SVC = 'AdminService';

/** Tokens (admin role) and the audit log (any role) (docs/security.md). */
@Controller()
export class SecurityController {
  constructor(
    private readonly calls: AdminCalls,
    private readonly tokens: TokenStore,
    private readonly audit: AuditLog,
  ) {}

  @GrpcMethod(SVC, 'CreateToken')
  createToken(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('CreateToken', req, md, call, async () => {
      const issued = await this.tokens.create(req.name, req.role);
      return { token: tokenMessage(issued.token), secret: issued.secret };
    });
  }

  @GrpcMethod(SVC, 'ListTokens')
  listTokens(_req: Req, md: Metadata, call: CallContext) {
    // Token names and roles are security configuration: only admins see them.
    return this.calls.query(
      'ListTokens',
      md,
      call,
      async () => ({ tokens: (await this.tokens.list()).map(tokenMessage) }),
      'admin',
    );
  }

  @GrpcMethod(SVC, 'RevokeToken')
  revokeToken(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('RevokeToken', req, md, call, async () => {
      await this.tokens.revoke(req.id);
      return { version: 0 };
    });
  }

  @GrpcMethod(SVC, 'ListAudit')
  listAudit(req: Req, md: Metadata, call: CallContext) {
    return this.calls.query('ListAudit', md, call, async () => {
      const limit = Math.max(1, Math.min(Math.trunc(Number(req.limit ?? 0)) || 100, 1000));
      const before = Number(req.before_id ?? 0) || undefined;
      const rows = await this.audit.list(limit, before);
      return {
        entries: rows.map((r) => ({
          id: r.id,
          time: r.time,
          principal: r.principal,
          role: r.role,
          method: r.method,
          request_json: r.request,
          result: r.result,
          detail: r.detail,
        })),
      };
    });
  }
}

function tokenMessage(t: TokenInfo): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    created_at: t.createdAt,
    revoked_at: t.revokedAt ?? '',
  };
}
