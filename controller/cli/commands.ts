/** ssactl's commands: one entry per admin call (docs/admin-api.md, "ssactl"). */
import type { AdminConnection, Message } from './connection';
import { waitConverged } from './converge';
import {
  UsageError,
  attachment,
  instanceFromInput,
  instanceSpec,
  numberPairs,
  readDataFile,
  uintOption,
} from './inputs';
import type { Io, Output } from './output';

/** An option of a command, as node:util parseArgs takes it, with its help line. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly help: string;
}

type Values = Record<string, string | boolean | string[] | undefined>;

/** What a command runs with. */
export interface Run {
  readonly conn: AdminConnection;
  readonly io: Io;
  readonly values: Values;
  readonly args: readonly string[];
}

/** A command's result: what to print and, for waits, whether everything converged. */
export interface Result extends Output {
  readonly notConverged?: boolean;
}

export interface CommandSpec {
  readonly path: readonly string[];
  readonly summary: string;
  /** Positional arguments, e.g. 'NAME' or 'ID LOCATOR...'. */
  readonly args?: string;
  readonly minArgs?: number;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  run(r: Run): Promise<Result>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

function serviceFields(v: Values): Message {
  const out: Message = {};
  if (v.name !== undefined) out.name = v.name;
  if (v.index !== undefined) out.index = uintOption(v.index, 'index');
  if (list(v.range).length > 0) out.ranges = list(v.range);
  if (v.rule !== undefined) {
    out.rule = {
      kind: v.rule,
      ...(v.key !== undefined ? { key: v.key } : {}),
      ...(v.period !== undefined ? { period: uintOption(v.period, 'period') } : {}),
    };
  }
  if (v['slice-bits'] !== undefined) out.slice_bits = uintOption(v['slice-bits'], 'slice-bits');
  if (v['non-conforming'] !== undefined) out.non_conforming = v['non-conforming'];
  if (v['sar-mode'] !== undefined) out.sar_mode = v['sar-mode'];
  if (v['legacy-slice'] !== undefined) out.legacy_slice = v['legacy-slice'];
  return out;
}

const SERVICE_OPTIONS: Record<string, OptionSpec> = {
  index: { type: 'string', help: 'table index (the `service` parameter, 0..65535)' },
  range: { type: 'string', multiple: true, help: 'a prefix of the service (repeat for more)' },
  rule: {
    type: 'string',
    help: 'source-bound-identity, source-bound-hash, time-hop, content, ...',
  },
  key: { type: 'string', help: 'the rule key, 8 hex digits' },
  period: { type: 'string', help: 'time-hop period, seconds' },
  'slice-bits': { type: 'string', help: 'slice bits s (2^s slices)' },
  'non-conforming': { type: 'string', help: 'drop or demote' },
  'sar-mode': { type: 'string', help: 'SAR mode' },
  'legacy-slice': { type: 'string', help: 'legacy slice prefix (published as AAAA)' },
};

function serviceRows(services: Message[]): unknown[][] {
  return services.map((s) => [
    s.name,
    s.index,
    s.ranges,
    (s.rule as Message | undefined)?.kind,
    s.slice_bits,
    s.id_hex,
  ]);
}
const SERVICE_COLUMNS = ['name', 'index', 'ranges', 'rule', 'slice bits', 'id'];

function instanceRows(xs: Message[]): unknown[][] {
  return xs.map((x) => [x.id, x.service, x.locators, x.weight, x.metric, x.state, x.slices]);
}
const INSTANCE_COLUMNS = ['id', 'service', 'locators', 'weight', 'metric', 'state', 'slices'];

const changed = (r: Message, what: string): Result => ({
  data: r,
  lines: [`${what} (version ${String(r.version)})`],
});

/** The switches whose convergence a wait follows: --switch, or every registered one. */
async function switchesToWait(r: Run): Promise<string[]> {
  const given = list(r.values.switch);
  if (given.length > 0) return given;
  const all = await r.conn.call('ListSwitches');
  return (all.switches as Message[]).map((s) => String(s.name));
}

const WAIT_OPTIONS: Record<string, OptionSpec> = {
  wait: { type: 'boolean', help: 'follow reconciliation until every switch converged' },
  'wait-timeout': { type: 'string', help: 'give up waiting after this many ms (default 60000)' },
  switch: { type: 'string', multiple: true, help: 'wait only for these switches' },
};

async function maybeWait(r: Run, change: () => Promise<Message>, what: string): Promise<Result> {
  if (r.values.wait !== true) return changed(await change(), what);
  let reply: Message = {};
  const c = await waitConverged(
    r.conn,
    r.io,
    await switchesToWait(r),
    uintOption(r.values['wait-timeout'], 'wait-timeout') ?? 60_000,
    async () => {
      reply = await change();
      return Number(reply.version);
    },
  );
  return {
    data: { ...reply, converged: c.converged, pending: c.pending },
    lines: [
      `${what} (version ${c.version})`,
      c.pending.length === 0
        ? `converged: ${c.converged.join(', ') || '(no switch)'}`
        : `not converged: ${c.pending.join(', ')}`,
    ],
    notConverged: c.pending.length > 0,
  };
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    path: ['service', 'list'],
    summary: 'list the services',
    run: async ({ conn }) => {
      const r = await conn.call('ListServices');
      return {
        data: r,
        table: { columns: SERVICE_COLUMNS, rows: serviceRows(r.services as Message[]) },
      };
    },
  },
  {
    path: ['service', 'get'],
    summary: 'show one service',
    args: 'NAME',
    minArgs: 1,
    run: async ({ conn, args }) => {
      const r = await conn.call('GetService', { name: args[0] });
      return {
        data: r,
        table: { columns: SERVICE_COLUMNS, rows: serviceRows([r.service as Message]) },
      };
    },
  },
  {
    path: ['service', 'create'],
    summary: 'create a service',
    args: 'NAME',
    minArgs: 1,
    options: SERVICE_OPTIONS,
    run: async ({ conn, values, args }) =>
      changed(
        await conn.call('CreateService', { service: serviceFields({ ...values, name: args[0] }) }),
        `created service ${args[0]}`,
      ),
  },
  {
    path: ['service', 'update'],
    summary: 'change fields of a service (only the options given)',
    args: 'NAME',
    minArgs: 1,
    options: SERVICE_OPTIONS,
    run: async ({ conn, values, args }) =>
      changed(
        await conn.call('UpdateService', { name: args[0], changes: serviceFields(values) }),
        `updated service ${args[0]}`,
      ),
  },
  {
    path: ['service', 'delete'],
    summary: 'delete a service with its instances',
    args: 'NAME',
    minArgs: 1,
    run: async ({ conn, args }) =>
      changed(await conn.call('DeleteService', { name: args[0] }), `deleted service ${args[0]}`),
  },
  {
    path: ['instance', 'list'],
    summary: 'list instances (of one service with --service)',
    options: { service: { type: 'string', help: 'only this service' } },
    run: async ({ conn, values }) => {
      const r = await conn.call('ListInstances', { service: str(values.service) ?? '' });
      return {
        data: r,
        table: { columns: INSTANCE_COLUMNS, rows: instanceRows(r.instances as Message[]) },
      };
    },
  },
  {
    path: ['instance', 'add'],
    summary: 'add an instance to a service',
    args: 'ID',
    minArgs: 1,
    options: {
      service: { type: 'string', help: 'its service (required)' },
      locator: { type: 'string', multiple: true, help: 'an address (repeat for more)' },
      weight: { type: 'string', help: 'weight (0..65535)' },
      metric: { type: 'string', help: 'metric' },
      state: { type: 'string', help: 'active, draining or down' },
      key: { type: 'string', help: 'announcement HMAC key, hex' },
      attach: { type: 'string', multiple: true, help: 'SWITCH:PORT:MAC (repeat for more)' },
    },
    run: async ({ conn, values, args }) => {
      const instance: Message = {
        id: args[0],
        service: str(values.service) ?? '',
        locators: list(values.locator),
        weight: uintOption(values.weight, 'weight'),
        metric: uintOption(values.metric, 'metric'),
        state: str(values.state),
        announcement_key: str(values.key),
        attachments: list(values.attach).map(attachment),
      };
      return changed(await conn.call('AddInstance', { instance }), `added instance ${args[0]}`);
    },
  },
  {
    path: ['instance', 'remove'],
    summary: 'remove an instance; its slices go to the others',
    args: 'ID',
    minArgs: 1,
    run: async ({ conn, args }) =>
      changed(await conn.call('RemoveInstance', { id: args[0] }), `removed instance ${args[0]}`),
  },
  {
    path: ['instance', 'drain'],
    summary: 'drain an instance: it keeps running but holds no slice',
    args: 'ID',
    minArgs: 1,
    run: async ({ conn, args }) =>
      changed(await conn.call('DrainInstance', { id: args[0] }), `draining instance ${args[0]}`),
  },
  {
    path: ['instance', 'weight'],
    summary: 'set weights, as one event',
    args: 'ID=WEIGHT...',
    minArgs: 1,
    run: async ({ conn, args }) =>
      changed(
        await conn.call('SetWeights', { weights: numberPairs(args, 'weight') }),
        'weights set',
      ),
  },
  {
    path: ['instance', 'metric'],
    summary: 'set metrics, as one event',
    args: 'ID=METRIC...',
    minArgs: 1,
    run: async ({ conn, args }) =>
      changed(
        await conn.call('SetWeights', { metrics: numberPairs(args, 'metric') }),
        'metrics set',
      ),
  },
  {
    path: ['instance', 'locators'],
    summary: 'replace the locators of an instance (same id, same slices)',
    args: 'ID LOCATOR...',
    minArgs: 2,
    run: async ({ conn, args }) =>
      changed(
        await conn.call('SetLocators', { id: args[0], locators: args.slice(1) }),
        `locators of ${args[0]} set`,
      ),
  },
  {
    path: ['scale'],
    summary: 'set the instances of a service in one event (--wait follows reconciliation)',
    args: 'SERVICE',
    minArgs: 1,
    options: {
      instance: {
        type: 'string',
        multiple: true,
        help: 'id=ID,locator=ADDR[,locator=..][,weight=W][,metric=M][,state=S] (repeat)',
      },
      file: { type: 'string', help: 'JSON or YAML list of instances (the domain input form)' },
      ...WAIT_OPTIONS,
    },
    run: async (r) => {
      const fromFile =
        r.values.file === undefined ? [] : readDataFile(String(r.values.file), 'file');
      if (!Array.isArray(fromFile)) throw new UsageError('--file: expected a list of instances');
      const instances = [
        ...list(r.values.instance).map(instanceSpec),
        ...fromFile.map((x, i) => instanceFromInput(x, `--file [${i}]`)),
      ];
      return maybeWait(
        r,
        () => r.conn.call('ScaleService', { service: r.args[0], instances }),
        `scaled ${r.args[0]} to ${instances.length} instance(s)`,
      );
    },
  },
  {
    path: ['wait'],
    summary: 'wait until every switch converged at the current domain version',
    options: { ...WAIT_OPTIONS, wait: { type: 'boolean', help: '(implied)' } },
    run: (r) =>
      maybeWait(
        { ...r, values: { ...r.values, wait: true } },
        async () => ({ version: (await r.conn.call('ListServices')).version }),
        'domain',
      ),
  },
  {
    path: ['switch', 'list'],
    summary: 'list the switches',
    run: async ({ conn }) => {
      const r = await conn.call('ListSwitches');
      const rows = (r.switches as Message[]).map((s) => {
        const spec = JSON.parse(String(s.spec_json)) as Record<string, unknown>;
        return [s.name, spec.deviceId, spec.address, spec.target, spec.roles];
      });
      return {
        data: r,
        table: { columns: ['name', 'device id', 'address', 'target', 'roles'], rows },
      };
    },
  },
  {
    path: ['switch', 'register'],
    summary: 'register a switch (or replace its registration) from a JSON/YAML file',
    options: { file: { type: 'string', help: 'the switch (the domain input form), required' } },
    run: async ({ conn, values }) => {
      if (values.file === undefined) throw new UsageError('--file is required');
      const spec = readDataFile(String(values.file), 'file');
      const r = await conn.call('RegisterSwitch', { switch: { spec_json: JSON.stringify(spec) } });
      return changed(r, `registered switch ${String((r.switch as Message).name)}`);
    },
  },
  {
    path: ['switch', 'deregister'],
    summary: 'remove a switch nothing refers to any more',
    args: 'NAME',
    minArgs: 1,
    run: async ({ conn, args }) =>
      changed(await conn.call('DeregisterSwitch', { name: args[0] }), `deregistered ${args[0]}`),
  },
  {
    path: ['switch', 'status'],
    summary: 'convergence state and leader of a switch',
    args: 'NAME',
    minArgs: 1,
    run: async ({ conn, args }) => {
      const s = await conn.call('GetSwitchStatus', { name: args[0] });
      return {
        data: s,
        table: {
          columns: ['name', 'convergence', 'leader', 'applied version', 'detail'],
          rows: [[s.name, s.convergence, s.leader || '-', s.applied_version, s.detail]],
        },
      };
    },
  },
  {
    path: ['mslb', 'list'],
    summary: 'list the MSLB services',
    run: async ({ conn }) => {
      const r = await conn.call('ListMslbs');
      const rows = (r.mslbs as Message[]).map((m) => {
        const spec = JSON.parse(String(m.spec_json)) as Record<string, unknown>;
        return [m.name, spec.index, spec.serviceAddress, spec.mode, spec.frontends];
      });
      return {
        data: r,
        table: { columns: ['name', 'index', 'address', 'mode', 'front ends'], rows },
      };
    },
  },
  {
    path: ['mslb', 'put'],
    summary: 'create or replace an MSLB service from a JSON/YAML file',
    options: { file: { type: 'string', help: 'the MSLB service (domain input form), required' } },
    run: async ({ conn, values }) => {
      if (values.file === undefined) throw new UsageError('--file is required');
      const spec = readDataFile(String(values.file), 'file');
      const r = await conn.call('PutMslb', { mslb: { spec_json: JSON.stringify(spec) } });
      return changed(r, `stored MSLB service ${String((r.mslb as Message).name)}`);
    },
  },
  {
    path: ['mslb', 'delete'],
    summary: 'delete an MSLB service',
    args: 'NAME',
    minArgs: 1,
    run: async ({ conn, args }) =>
      changed(await conn.call('DeleteMslb', { name: args[0] }), `deleted MSLB ${args[0]}`),
  },
];
