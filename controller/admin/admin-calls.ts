import { Injectable } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { RpcException } from '@nestjs/microservices';
import { CommandService, type CommandResult } from '../commands/command.service';
import type { Command } from '../commands/command';
import { StructuredLogger } from '../logging/structured-logger';
import { AuditLog } from './security/audit-log';
import { Authenticator, type CallContext } from './security/authenticator';
import { type Principal, type Role, allows } from './security/roles';
import { AdminError, codeName, toAdminError, toRpcException } from './rpc-error';

/**
 * The frame of every admin call: authenticate, authorise by role, run, map errors to status
 * codes; for changes also audit (one row per call, refused ones included).
 */
@Injectable()
export class AdminCalls {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly audit: AuditLog,
    private readonly commands: CommandService,
    private readonly logger: StructuredLogger,
  ) {}

  /** A read (not audited): any authenticated role unless `role` says admin. */
  async query<T>(
    method: string,
    metadata: Metadata,
    call: CallContext,
    work: (who: Principal) => Promise<T>,
    role: Role = 'read-only',
  ): Promise<T> {
    try {
      const who = await this.authenticator.authenticate(metadata, call);
      requireRole(who, role, method);
      return await work(who);
    } catch (e) {
      throw this.failure(method, e);
    }
  }

  /**
   * Whether the caller of a long call (Watch) is still let in: the same check as `query`
   * (a token revoked since, on any replica, or a role changed, fails it); throws as query does.
   */
  async stillAllowed(
    method: string,
    metadata: Metadata,
    call: CallContext,
    role: Role = 'read-only',
  ): Promise<void> {
    return this.query(method, metadata, call, () => Promise.resolve(), role);
  }

  /** A change: the admin role; audited whatever its outcome. */
  async change<T>(
    method: string,
    request: unknown,
    metadata: Metadata,
    call: CallContext,
    work: (who: Principal) => Promise<T>,
  ): Promise<T> {
    let who: Principal = { name: 'unauthenticated', role: 'read-only' };
    let result: T;
    try {
      who = await this.authenticator.authenticate(metadata, call);
      requireRole(who, 'admin', method);
      result = await work(who);
    } catch (e) {
      const error = toAdminError(e);
      await this.record(who, method, request, codeName(error.code), error.message);
      throw this.failure(method, error);
    }
    await this.record(who, method, request, 'OK', '');
    return result;
  }

  /** Runs a command (one transaction); CommandService publishes its `change` event. */
  execute(command: Command): Promise<CommandResult> {
    return this.commands.execute(command);
  }

  private async record(
    who: Principal,
    method: string,
    request: unknown,
    result: string,
    detail: string,
  ): Promise<void> {
    try {
      await this.audit.record(who, method, request, result, detail);
    } catch (e) {
      // The change itself is committed (or refused) already; a lost audit row must be seen.
      this.logger.error(
        { msg: 'audit row not written', method, principal: who.name, error: String(e) },
        'Admin',
      );
    }
  }

  private failure(method: string, e: unknown): RpcException {
    const error = toAdminError(e);
    if (error.code === status.INTERNAL) {
      this.logger.error({ msg: 'admin call failed', method, error: error.message }, 'Admin');
    }
    return toRpcException(error);
  }
}

function requireRole(who: Principal, role: Role, method: string): void {
  if (!allows(who.role, role)) {
    throw new AdminError(
      status.PERMISSION_DENIED,
      `${method} needs the ${role} role; ${who.name} has ${who.role}`,
    );
  }
}
