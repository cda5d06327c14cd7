#!/usr/bin/env node
/**
 * cli.ts: `ssa-resolve NAME --src ADDR [--object KEY] [--replicas K] [--server HOST:PORT] [--json]`:
 * resolves a service's APL and _ssa TXT (or AAAA) and prints the destination its rule gives
 * this source (wire §2, §3).
 */
import { resolveSsa, type Resolved } from './resolve';

/** The parsed command line. */
export interface CliArgs {
  readonly name: string;
  readonly src?: string;
  readonly objectKey?: string;
  readonly replicas?: number;
  readonly server?: string;
  readonly json: boolean;
  readonly timeoutMs?: number;
}

const USAGE =
  'usage: ssa-resolve NAME [--src ADDR] [--object KEY] [--replicas K] [--server HOST:PORT] [--timeout MS] [--json]';

/** Parses argv (without node and the script); throws with the usage on bad input. */
export function parseArgs(argv: readonly string[]): CliArgs {
  let name: string | undefined;
  const o: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (['--src', '--object', '--replicas', '--server', '--timeout'].includes(a)) {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a}: a value is missing\n${USAGE}`);
      o[a.slice(2)] = v;
    } else if (a.startsWith('-')) throw new Error(`${a}: unknown option\n${USAGE}`);
    else if (name === undefined) name = a;
    else throw new Error(`${a}: one NAME only\n${USAGE}`);
  }
  if (!name) throw new Error(`NAME is missing\n${USAGE}`);
  const int = (k: string, min: number, max: number) => {
    if (o[k] === undefined) return undefined;
    const n = Number(o[k]);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${k}: '${o[k]}' is not an integer in ${min}..${max}`);
    return n;
  };
  return {
    name,
    src: o.src,
    objectKey: o.object,
    replicas: int('replicas', 0, 255),
    server: o.server,
    json,
    timeoutMs: int('timeout', 1, 600_000),
  };
}

/** The text the CLI prints for a result. */
export function formatResult(name: string, r: Resolved, json: boolean): string {
  if (json) return JSON.stringify({ name, ...r });
  if (r.via === 'legacy') return `${r.address}\t(legacy AAAA/A: ${name} has no APL)`;
  const extra = [
    `rule=${r.rule}`,
    `range=${r.range}`,
    ...(r.slice !== undefined ? [`slice=${r.slice}`] : []),
    ...(r.epoch !== undefined
      ? [`epoch=${r.epoch}`, `valid-until=${new Date(r.validUntilMs!).toISOString()}`]
      : []),
  ].join(' ');
  return [
    `${r.address}\t${extra}`,
    ...(r.replicas ?? []).map((a, i) => `${a}\treplica=${i + 1}`),
  ].join('\n');
}

/** Runs the CLI; resolves with the exit code. */
export async function main(
  argv: readonly string[],
  out = process.stdout,
  err = process.stderr,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return 2;
  }
  try {
    const r = await resolveSsa(args.name, args);
    out.write(`${formatResult(args.name, r, args.json)}\n`);
    return 0;
  } catch (e) {
    err.write(`ssa-resolve: ${(e as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
