import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { Metadata } from '@grpc/grpc-js';
import { Observable } from 'rxjs';
import { CommandService } from '../commands/command.service';
import { AppConfig } from '../config/app-config';
import { EVENT_KINDS, EventBus, type EventKind, type FabricEvent } from '../events/event-bus';
import { AdminCalls } from './admin-calls';
import { mslbMessage, parseSpec, required, switchMessage } from './convert';
import { notFound } from './services.controller';
import type { CallContext } from './security/authenticator';
import { SwitchStateSource } from './switch-state';
import { AdminError } from './rpc-error';
import { status } from '@grpc/grpc-js';

type Req = Record<string, unknown>;
const SVC = 'AdminService';

/** Switches, MSLB services, live switch state and the event stream (docs/admin-api.md). */
@Controller()
export class FabricController {
  constructor(
    private readonly calls: AdminCalls,
    private readonly commands: CommandService,
    private readonly switches: SwitchStateSource,
    private readonly events: EventBus,
    private readonly config: AppConfig,
  ) {}

  @GrpcMethod(SVC, 'RegisterSwitch')
  registerSwitch(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('RegisterSwitch', req, md, call, async () => {
      const msg = required(req.switch as Req, 'switch');
      const spec = parseSpec(msg.spec_json, 'switch.spec_json');
      const name = msg.name || spec.name;
      const r = await this.calls.execute({ type: 'register-switch', switch: { ...spec, name } });
      return { switch: switchMessage(r.state.switch(String(name))!), version: r.state.version };
    });
  }

  @GrpcMethod(SVC, 'DeregisterSwitch')
  deregisterSwitch(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('DeregisterSwitch', req, md, call, async () => {
      const name = String(required(req.name, 'name'));
      if ((await this.commands.state()).switch(name) === undefined) {
        throw notFound('name', name, 'switch');
      }
      const r = await this.calls.execute({ type: 'deregister-switch', name });
      return { version: r.state.version };
    });
  }

  @GrpcMethod(SVC, 'ListSwitches')
  listSwitches(_req: Req, md: Metadata, call: CallContext) {
    return this.calls.query('ListSwitches', md, call, async () => {
      const state = await this.commands.state();
      return { switches: state.switches.map(switchMessage), version: state.version };
    });
  }

  @GrpcMethod(SVC, 'GetSwitchStatus')
  getSwitchStatus(req: Req, md: Metadata, call: CallContext) {
    return this.calls.query('GetSwitchStatus', md, call, async () => {
      const name = await this.existingSwitch(req.name, 'name');
      const s = await this.switches.status(name);
      return {
        name: s.name,
        convergence: s.convergence,
        leader: s.leader,
        applied_version: s.appliedVersion,
        detail: s.detail,
      };
    });
  }

  @GrpcMethod(SVC, 'PutMslb')
  putMslb(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('PutMslb', req, md, call, async () => {
      const msg = required(req.mslb as Req, 'mslb');
      const spec = parseSpec(msg.spec_json, 'mslb.spec_json');
      const name = msg.name || spec.name;
      const r = await this.calls.execute({ type: 'put-mslb', mslb: { ...spec, name } });
      return { mslb: mslbMessage(r.state.mslb(String(name))!), version: r.state.version };
    });
  }

  @GrpcMethod(SVC, 'DeleteMslb')
  deleteMslb(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('DeleteMslb', req, md, call, async () => {
      const name = String(required(req.name, 'name'));
      if ((await this.commands.state()).mslb(name) === undefined) {
        throw notFound('name', name, 'MSLB service');
      }
      const r = await this.calls.execute({ type: 'delete-mslb', name });
      return { version: r.state.version };
    });
  }

  @GrpcMethod(SVC, 'ListMslbs')
  listMslbs(_req: Req, md: Metadata, call: CallContext) {
    return this.calls.query('ListMslbs', md, call, async () => {
      const state = await this.commands.state();
      return { mslbs: state.mslbs.map(mslbMessage), version: state.version };
    });
  }

  @GrpcMethod(SVC, 'GetTableOccupancy')
  getTableOccupancy(req: Req, md: Metadata, call: CallContext) {
    return this.calls.query('GetTableOccupancy', md, call, async () => {
      const name = await this.existingSwitch(req.switch, 'switch');
      const tables = await this.switches.occupancy(name);
      return { switch: name, tables };
    });
  }

  @GrpcMethod(SVC, 'GetCounters')
  getCounters(req: Req, md: Metadata, call: CallContext) {
    return this.calls.query('GetCounters', md, call, async () => {
      const name = await this.existingSwitch(req.switch, 'switch');
      const counters = await this.switches.counters(name, String(req.counter ?? ''));
      return { switch: name, counters };
    });
  }

  /**
   * Server streaming: events from now on, filtered; ends when the client cancels. The
   * caller is authenticated before the first event, and again every `admin.watchRecheckMs`:
   * a stream whose token was revoked since ends with UNAUTHENTICATED.
   */
  @GrpcMethod(SVC, 'Watch')
  watch(req: Req, md: Metadata, call: CallContext): Observable<Record<string, unknown>> {
    return new Observable((subscriber) => {
      let stop: (() => void) | undefined;
      let recheck: NodeJS.Timeout | undefined;
      let closed = false;
      const end = () => {
        closed = true;
        if (recheck) clearInterval(recheck);
        stop?.();
      };
      this.calls
        .query('Watch', md, call, () => {
          const kinds = (Array.isArray(req.kinds) ? req.kinds : []) as string[];
          kinds.forEach((k, i) => {
            if (!EVENT_KINDS.includes(k as EventKind)) {
              const field = `kinds[${i}]`;
              const message = `${field}: ${JSON.stringify(k)} is invalid: expected one of ${EVENT_KINDS.join(', ')}`;
              throw new AdminError(status.INVALID_ARGUMENT, message, {
                field,
                description: message,
              });
            }
          });
          return Promise.resolve(kinds as EventKind[]);
        })
        .then(
          (kinds) => {
            if (closed) return;
            stop = this.events.subscribe((e) => subscriber.next(eventMessage(e)), {
              kinds,
              service: typeof req.service === 'string' ? req.service : undefined,
              switch: typeof req.switch === 'string' ? req.switch : undefined,
            });
            // The response headers tell the client that every later event will reach it.
            call.sendMetadata?.(new Metadata());
            recheck = setInterval(() => {
              this.calls.stillAllowed('Watch', md, call).catch((e: unknown) => {
                if (closed) return;
                end();
                subscriber.error(e);
              });
            }, this.config.admin.watchRecheckMs);
            recheck.unref();
          },
          (e: unknown) => subscriber.error(e),
        );
      return end;
    });
  }

  private async existingSwitch(value: unknown, field: string): Promise<string> {
    const name = String(required(value, field));
    if ((await this.commands.state()).switch(name) === undefined) {
      throw notFound(field, name, 'switch');
    }
    return name;
  }
}

/** An event as the Event message. */
export function eventMessage(e: FabricEvent): Record<string, unknown> {
  return {
    sequence: e.sequence,
    time: e.time.toISOString(),
    kind: e.kind,
    action: e.action,
    service: e.service ?? '',
    switch: e.switch ?? '',
    version: e.version ?? 0,
    detail_json: e.detail === undefined ? '' : JSON.stringify(e.detail),
  };
}
