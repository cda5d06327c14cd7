#!/usr/bin/env node
/**
 * ssactl: the operator's command line for the admin API (docs/admin-api.md, "ssactl").
 *
 *   ssactl [--server HOST:PORT] [--token T] [--json] COMMAND [ARGS] [OPTIONS]
 *
 * Exit codes (EXIT): 0 ok, 1 internal error, 2 usage, 3 refused, 4 not allowed,
 * 5 unreachable, 6 not converged.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { status } from '@grpc/grpc-js';
import { codeName } from '../admin/rpc-error';
import { COMMANDS, type CommandSpec, type OptionSpec } from './commands';
import { STATE_COMMANDS } from './commands-state';
import { AdminConnection, CallError } from './connection';
import { PROBE_COMMAND } from './probe';
import { UsageError } from './inputs';
import { type Io, print } from './output';

/** Exit codes a script can test. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  refused: 3,
  denied: 4,
  unreachable: 5,
  notConverged: 6,
} as const;

export const ALL_COMMANDS: readonly CommandSpec[] = [...COMMANDS, ...STATE_COMMANDS, PROBE_COMMAND];

const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  server: { type: 'string', help: 'admin API address (env SSACTL_SERVER; 127.0.0.1:50055)' },
  token: { type: 'string', help: 'bearer token (env SSACTL_TOKEN)' },
  'token-file': { type: 'string', help: 'read the bearer token from this file' },
  ca: { type: 'string', help: 'PEM CA of the server certificate (TLS)' },
  cert: { type: 'string', help: 'PEM client certificate (mTLS)' },
  key: { type: 'string', help: 'PEM client key (mTLS)' },
  'server-name': { type: 'string', help: 'TLS name of the server when not its host' },
  timeout: { type: 'string', help: 'deadline of each call, ms (default 10000)' },
  json: { type: 'boolean', help: 'print JSON for scripts instead of tables' },
  help: { type: 'boolean', help: 'show help' },
};

/** Runs ssactl with `argv` (without node and script); resolves with the exit code. */
export async function ssactl(
  argv: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const words: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-')) break;
    words.push(a);
  }
  const spec = findCommand(words);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (spec === undefined) {
    const group = ALL_COMMANDS.filter((c) => words.length > 0 && c.path[0] === words[0]);
    if (wantsHelp || words.length === 0) {
      io.out(overview(group.length > 0 ? group : ALL_COMMANDS));
      return words.length === 0 && !wantsHelp ? EXIT.usage : EXIT.ok;
    }
    io.err(
      `ssactl: unknown command '${words.join(' ')}'\n\n${overview(group.length > 0 ? group : ALL_COMMANDS)}`,
    );
    return EXIT.usage;
  }
  if (wantsHelp) {
    io.out(commandHelp(spec));
    return EXIT.ok;
  }
  let values: Record<string, string | boolean | string[] | undefined>;
  let args: string[];
  try {
    const parsed = parseArgs({
      args: argv.slice(spec.path.length) as string[],
      options: { ...optionConfig(GLOBAL_OPTIONS), ...optionConfig(spec.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
    values = parsed.values as typeof values;
    args = parsed.positionals;
    if (args.length < (spec.minArgs ?? 0)) {
      throw new UsageError(`expected ${spec.args ?? 'more arguments'}`);
    }
    if (spec.minArgs === undefined && spec.args === undefined && args.length > 0) {
      throw new UsageError(`unexpected argument '${args[0]}'`);
    }
  } catch (e) {
    io.err(`ssactl ${spec.path.join(' ')}: ${(e as Error).message}\n\n${commandHelp(spec)}`);
    return EXIT.usage;
  }

  let conn: AdminConnection | undefined;
  try {
    const token =
      (typeof values.token === 'string' ? values.token : undefined) ??
      (typeof values['token-file'] === 'string'
        ? readFileSync(values['token-file'], 'utf8').trim()
        : undefined) ??
      env.SSACTL_TOKEN;
    conn = new AdminConnection({
      server: (values.server as string | undefined) ?? env.SSACTL_SERVER ?? '127.0.0.1:50055',
      token,
      ca: values.ca as string | undefined,
      cert: values.cert as string | undefined,
      key: values.key as string | undefined,
      serverName: values['server-name'] as string | undefined,
      timeoutMs: timeoutOf(values.timeout),
    });
    const result = await spec.run({ conn, io, values, args });
    if (result.data !== undefined || (result.lines?.length ?? 0) > 0 || result.table) {
      print(io, result, values.json === true);
    }
    return result.notConverged ? EXIT.notConverged : EXIT.ok;
  } catch (e) {
    return failed(io, spec, e);
  } finally {
    conn?.close();
  }
}

function timeoutOf(v: unknown): number {
  if (v === undefined) return 10_000;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--timeout '${String(v)}': expected ms > 0`);
  return n;
}

function failed(io: Io, spec: CommandSpec, e: unknown): number {
  const name = `ssactl ${spec.path.join(' ')}`;
  if (e instanceof UsageError) {
    io.err(`${name}: ${e.message}`);
    return EXIT.usage;
  }
  if (e instanceof CallError) {
    io.err(`${name}: ${codeName(e.code)}: ${e.message}`);
    for (const v of e.violations) io.err(`  field ${v.field}: ${v.description}`);
    switch (e.code) {
      case status.UNAVAILABLE:
      case status.DEADLINE_EXCEEDED:
        return EXIT.unreachable;
      case status.UNAUTHENTICATED:
      case status.PERMISSION_DENIED:
        return EXIT.denied;
      case status.INVALID_ARGUMENT:
      case status.NOT_FOUND:
      case status.ALREADY_EXISTS:
      case status.FAILED_PRECONDITION:
      case status.OUT_OF_RANGE:
        return EXIT.refused;
      default:
        return EXIT.internal;
    }
  }
  io.err(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  return EXIT.internal;
}

function findCommand(words: readonly string[]): CommandSpec | undefined {
  return ALL_COMMANDS.find((c) => c.path.every((p, i) => words[i] === p));
}

function optionConfig(options: Readonly<Record<string, OptionSpec>>) {
  return Object.fromEntries(
    Object.entries(options).map(([k, o]) => [
      k,
      {
        type: o.type,
        ...(o.multiple ? { multiple: true } : {}),
        ...(k === 'help' ? { short: 'h' } : {}),
      },
    ]),
  ) as Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
}

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const left = Object.entries(options).map(
    ([k, o]) =>
      `  --${k}${o.type === 'string' ? ' VALUE' : ''}${o.multiple ? ' (repeatable)' : ''}`,
  );
  const width = Math.max(...left.map((l) => l.length));
  return Object.values(options).map((o, i) => `${left[i].padEnd(width)}  ${o.help}`);
}

/** The help of one command: usage, summary, its options, the global options. */
export function commandHelp(spec: CommandSpec): string {
  return [
    `usage: ssactl ${spec.path.join(' ')}${spec.args ? ' ' + spec.args : ''} [options]`,
    '',
    spec.summary,
    ...(spec.options ? ['', 'options:', ...optionLines(spec.options)] : []),
    '',
    'global options:',
    ...optionLines(GLOBAL_OPTIONS),
  ].join('\n');
}

function overview(commands: readonly CommandSpec[]): string {
  const left = commands.map((c) => `  ${c.path.join(' ')}${c.args ? ' ' + c.args : ''}`);
  const width = Math.max(...left.map((l) => l.length));
  return [
    'usage: ssactl [global options] COMMAND [ARGS] [options]   (ssactl COMMAND --help)',
    '',
    'commands:',
    ...commands.map((c, i) => `${left[i].padEnd(width)}  ${c.summary}`),
    '',
    'exit codes: 0 ok, 1 internal error, 2 usage, 3 refused, 4 not allowed, 5 unreachable,',
    '            6 not converged',
  ].join('\n');
}

if (require.main === module) {
  const io: Io = {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    raw: (t) => process.stderr.write(t),
    tty: process.stderr.isTTY === true,
  };
  ssactl(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`ssactl: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
