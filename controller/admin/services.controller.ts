import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { type Metadata, status } from '@grpc/grpc-js';
import { CommandService } from '../commands/command.service';
import { AdminCalls } from './admin-calls';
import {
  instanceInput,
  instanceMessage,
  required,
  serviceInput,
  serviceMessage,
  sliceMapMessage,
} from './convert';
import type { CallContext } from './security/authenticator';
import { AdminError } from './rpc-error';

type Req = Record<string, unknown>;
const SVC = 'AdminService';

/** Services, instances, scaling and slice maps of the admin API (docs/admin-api.md). */
@Controller()
export class ServicesController {
  constructor(
    private readonly calls: AdminCalls,
    private readonly commands: CommandService,
  ) {}

  @GrpcMethod(SVC, 'CreateService')
  createService(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('CreateService', req, md, call, async () => {
      const service = serviceInput(required(req.service as Req, 'service'));
      const r = await this.calls.execute({ type: 'create-service', service });
      const created = r.state.services[r.state.services.length - 1];
      return { service: serviceMessage(created), version: r.state.version };
    });
  }

  @GrpcMethod(SVC, 'UpdateService')
  updateService(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('UpdateService', req, md, call, async () => {
      const name = String(required(req.name, 'name'));
      await this.existingService(name);
      const r = await this.calls.execute({
        type: 'update-service',
        name,
        changes: serviceInput(req.changes as Req),
      });
      return { service: serviceMessage(r.state.service(name)!), version: r.state.version };
    });
  }

  @GrpcMethod(SVC, 'DeleteService')
  deleteService(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('DeleteService', req, md, call, async () => {
      const name = String(required(req.name, 'name'));
      await this.existingService(name);
      const r = await this.calls.execute({ type: 'delete-service', name });
      return { version: r.state.version };
    });
  }

  @GrpcMethod(SVC, 'ListServices')
  listServices(_req: Req, md: Metadata, call: CallContext) {
    return this.calls.query('ListServices', md, call, async () => {
      const state = await this.commands.state();
      return { services: state.services.map(serviceMessage), version: state.version };
    });
  }

  @GrpcMethod(SVC, 'GetService')
  getService(req: Req, md: Metadata, call: CallContext) {
    return this.calls.query('GetService', md, call, async () => {
      const name = String(required(req.name, 'name'));
      const state = await this.commands.state();
      const service = state.service(name.toLowerCase().replace(/\.$/, ''));
      if (service === undefined) throw notFound('name', name, 'service');
      return { service: serviceMessage(service), version: state.version };
    });
  }

  @GrpcMethod(SVC, 'AddInstance')
  addInstance(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('AddInstance', req, md, call, async () => {
      const instance = instanceInput(required(req.instance as Req, 'instance'));
      const r = await this.calls.execute({ type: 'add-instance', instance });
      const added = r.state.instance(String(instance.id))!;
      return { instance: instanceMessage(added, r.state), version: r.state.version };
    });
  }

  @GrpcMethod(SVC, 'RemoveInstance')
  removeInstance(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('RemoveInstance', req, md, call, async () => {
      const id = String(required(req.id, 'id'));
      await this.existingInstance(id);
      const r = await this.calls.execute({ type: 'remove-instance', id });
      return { version: r.state.version };
    });
  }

  @GrpcMethod(SVC, 'DrainInstance')
  drainInstance(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('DrainInstance', req, md, call, async () => {
      const id = String(required(req.id, 'id'));
      await this.existingInstance(id);
      const r = await this.calls.execute({ type: 'drain-instance', id });
      return {
        instance: instanceMessage(r.state.instance(id)!, r.state),
        version: r.state.version,
      };
    });
  }

  @GrpcMethod(SVC, 'SetWeights')
  setWeights(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('SetWeights', req, md, call, async () => {
      const r = await this.calls.execute({
        type: 'set-weights',
        weights: (req.weights ?? {}) as Record<string, number>,
        metrics: (req.metrics ?? {}) as Record<string, number>,
      });
      return { version: r.state.version };
    });
  }

  @GrpcMethod(SVC, 'SetLocators')
  setLocators(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('SetLocators', req, md, call, async () => {
      const id = String(required(req.id, 'id'));
      const service = await this.existingInstance(id);
      const state = await this.commands.state();
      // The locators change under the same id: the service's list with this one replaced,
      // one set-instances event (its slices stay where they are).
      const instances = state
        .instancesOf(service)
        .map((x) => (x.id === id ? { ...x.toInput(), locators: req.locators ?? [] } : x.toInput()));
      const r = await this.calls.execute({ type: 'set-instances', service, instances });
      return {
        instance: instanceMessage(r.state.instance(id)!, r.state),
        version: r.state.version,
      };
    });
  }

  @GrpcMethod(SVC, 'ListInstances')
  listInstances(req: Req, md: Metadata, call: CallContext) {
    return this.calls.query('ListInstances', md, call, async () => {
      const state = await this.commands.state();
      const service = typeof req.service === 'string' ? req.service : '';
      if (service !== '' && state.service(service) === undefined) {
        throw notFound('service', service, 'service');
      }
      const list = service === '' ? state.instances : state.instancesOf(service);
      return { instances: list.map((x) => instanceMessage(x, state)), version: state.version };
    });
  }

  @GrpcMethod(SVC, 'ScaleService')
  scaleService(req: Req, md: Metadata, call: CallContext) {
    return this.calls.change('ScaleService', req, md, call, async () => {
      const service = String(required(req.service, 'service'));
      await this.existingService(service, 'service');
      const given = Array.isArray(req.instances) ? (req.instances as Req[]) : [];
      // An instance without its service named belongs to the one being scaled.
      const instances = given.map((x) => ({ service, ...instanceInput(x) }));
      const r = await this.calls.execute({ type: 'set-instances', service, instances });
      const counts = r.state.sliceMap(service)?.counts() ?? new Map<string, number>();
      return { version: r.state.version, slices: Object.fromEntries(counts) };
    });
  }

  @GrpcMethod(SVC, 'GetSliceMap')
  getSliceMap(req: Req, md: Metadata, call: CallContext) {
    return this.calls.query('GetSliceMap', md, call, async () => {
      const name = String(required(req.service, 'service'));
      const state = await this.commands.state();
      if (state.service(name) === undefined) throw notFound('service', name, 'service');
      const map = state.sliceMap(name);
      if (map === undefined) {
        return { service: name, slice_bits: state.service(name)!.sliceBits, runs: [], counts: {} };
      }
      return sliceMapMessage(map, state.version);
    });
  }

  private async existingService(name: string, field = 'name'): Promise<void> {
    const state = await this.commands.state();
    if (state.service(name.toLowerCase().replace(/\.$/, '')) === undefined) {
      throw notFound(field, name, 'service');
    }
  }

  /** The service of an existing instance, or NOT_FOUND. */
  private async existingInstance(id: string): Promise<string> {
    const state = await this.commands.state();
    const x = state.instance(id);
    if (x === undefined) throw notFound('id', id, 'instance');
    return x.service;
  }
}

/** NOT_FOUND naming the field. */
export function notFound(field: string, value: string, what: string): AdminError {
  const message = `${field}: ${JSON.stringify(value)}: no ${what} has this ${field === 'id' ? 'id' : 'name'}`;
  return new AdminError(status.NOT_FOUND, message, { field, description: message });
}
