/** ssactl's state queries, event watch, tokens and audit (docs/admin-api.md, "ssactl"). */
import type { CommandSpec } from './commands';
import type { Message } from './connection';
import { uintOption } from './inputs';

export const STATE_COMMANDS: readonly CommandSpec[] = [
  {
    path: ['slices'],
    summary: 'the slice map of a service: runs of slices and counts per instance',
    args: 'SERVICE',
    minArgs: 1,
    run: async ({ conn, args }) => {
      const r = await conn.call('GetSliceMap', { service: args[0] });
      const rows = (r.runs as Message[]).map((x) => [
        x.first,
        Number(x.first) + Number(x.count) - 1,
        x.count,
        x.instance || '(none)',
      ]);
      const counts = Object.entries(r.counts as Record<string, number>)
        .map(([id, n]) => `${id}=${n}`)
        .join(' ');
      return {
        data: r,
        table: { columns: ['first', 'last', 'count', 'instance'], rows },
        lines: [`${String(r.service)}: 2^${String(r.slice_bits)} slices; ${counts || 'no holder'}`],
      };
    },
  },
  {
    path: ['occupancy'],
    summary: 'entries per table of a switch against the P4Info sizes',
    args: 'SWITCH',
    minArgs: 1,
    run: async ({ conn, args }) => {
      const r = await conn.call('GetTableOccupancy', { switch: args[0] });
      const rows = (r.tables as Message[]).map((t) => [
        t.table,
        t.entries,
        t.size,
        Number(t.size) > 0 ? `${((100 * Number(t.entries)) / Number(t.size)).toFixed(1)}%` : '-',
      ]);
      return { data: r, table: { columns: ['table', 'entries', 'size', 'used'], rows } };
    },
  },
  {
    path: ['counters'],
    summary: 'counter values of a switch',
    args: 'SWITCH',
    minArgs: 1,
    options: { counter: { type: 'string', help: 'only this counter' } },
    run: async ({ conn, args, values }) => {
      const r = await conn.call('GetCounters', {
        switch: args[0],
        counter: typeof values.counter === 'string' ? values.counter : '',
      });
      const rows = (r.counters as Message[]).map((c) => [c.counter, c.index, c.packets, c.bytes]);
      return { data: r, table: { columns: ['counter', 'index', 'packets', 'bytes'], rows } };
    },
  },
  {
    path: ['watch'],
    summary: 'print events as they happen (JSON lines with --json) until interrupted',
    options: {
      kind: {
        type: 'string',
        multiple: true,
        help: 'change, reconciliation, announcement, leadership (repeat; default all)',
      },
      service: { type: 'string', help: 'only events about this service' },
      switch: { type: 'string', help: 'only events about this switch' },
      count: { type: 'string', help: 'stop after this many events' },
    },
    run: async ({ conn, io, values }) => {
      const count = uintOption(values.count, 'count');
      const json = values.json === true;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      let seen = 0;
      try {
        await conn.watch(
          {
            kinds: Array.isArray(values.kind) ? values.kind : [],
            service: typeof values.service === 'string' ? values.service : '',
            switch: typeof values.switch === 'string' ? values.switch : '',
          },
          (e) => {
            seen++;
            io.out(json ? JSON.stringify(e) : eventLine(e));
            if (count !== undefined && seen >= count) stop.abort();
          },
          stop.signal,
        );
      } finally {
        process.removeListener('SIGINT', onSignal);
      }
      // Events were printed as they came; nothing more to print.
      return { data: undefined, lines: [] };
    },
  },
  {
    path: ['token', 'create'],
    summary: 'make a bearer token (its secret is printed once)',
    args: 'NAME ROLE',
    minArgs: 2,
    run: async ({ conn, args }) => {
      const r = await conn.call('CreateToken', { name: args[0], role: args[1] });
      const t = r.token as Message;
      return {
        data: r,
        lines: [
          `token ${String(t.name)} (${String(t.role)}), id ${String(t.id)}:`,
          String(r.secret),
        ],
      };
    },
  },
  {
    path: ['token', 'list'],
    summary: 'list the tokens (never their secrets)',
    run: async ({ conn }) => {
      const r = await conn.call('ListTokens');
      const rows = (r.tokens as Message[]).map((t) => [
        t.id,
        t.name,
        t.role,
        t.created_at,
        t.revoked_at || '-',
      ]);
      return {
        data: r,
        table: { columns: ['id', 'name', 'role', 'created', 'revoked'], rows },
      };
    },
  },
  {
    path: ['token', 'revoke'],
    summary: 'revoke a token',
    args: 'ID',
    minArgs: 1,
    run: async ({ conn, args }) => {
      const r = await conn.call('RevokeToken', { id: args[0] });
      return { data: r, lines: [`revoked token ${args[0]}`] };
    },
  },
  {
    path: ['audit'],
    summary: 'the audit log, newest first',
    options: {
      limit: { type: 'string', help: 'rows (default 20, at most 1000)' },
      before: { type: 'string', help: 'only rows older than this id (paging)' },
    },
    run: async ({ conn, values }) => {
      const r = await conn.call('ListAudit', {
        limit: uintOption(values.limit, 'limit') ?? 20,
        before_id: uintOption(values.before, 'before') ?? 0,
      });
      const rows = (r.entries as Message[]).map((e) => [
        e.id,
        e.time,
        e.principal,
        e.method,
        e.result,
        e.detail || '-',
      ]);
      return {
        data: r,
        table: { columns: ['id', 'time', 'principal', 'method', 'result', 'detail'], rows },
      };
    },
  },
];

function eventLine(e: Message): string {
  const about = [
    e.service && `service=${String(e.service)}`,
    e.switch && `switch=${String(e.switch)}`,
  ]
    .filter(Boolean)
    .join(' ');
  return `${String(e.time)} ${String(e.kind)} ${String(e.action)}${about ? ' ' + about : ''}${
    Number(e.version) > 0 ? ` version=${String(e.version)}` : ''
  }${e.detail_json ? ' ' + String(e.detail_json) : ''}`;
}
