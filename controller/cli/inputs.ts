/** Parsing ssactl's option values into admin API messages; bad values are usage errors. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { Message } from './connection';

/** A wrong command line (exit code 2), naming the option. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An unsigned integer option, or undefined when absent. */
export function uintOption(v: unknown, option: string): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  if (!/^(0|[1-9][0-9]*)$/.test(s) || !Number.isSafeInteger(Number(s))) {
    throw new UsageError(`--${option}: '${s}' is invalid: expected an unsigned integer`);
  }
  return Number(s);
}

/** `a=1` pairs as a map of numbers (weights, metrics). */
export function numberPairs(items: readonly string[], what: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const m = /^([^=]+)=(.+)$/.exec(item);
    if (m === null) throw new UsageError(`${what}: '${item}' is invalid: expected ID=NUMBER`);
    out[m[1]] = uintOption(m[2], `${what} ${m[1]}`)!;
  }
  return out;
}

/** A JSON or YAML file's content. */
export function readDataFile(path: string, option: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--${option} ${path}: cannot read: ${(e as Error).message}`);
  }
  try {
    return parseYaml(text) as unknown; // YAML is a superset of JSON
  } catch (e) {
    throw new UsageError(`--${option} ${path}: not JSON or YAML: ${(e as Error).message}`);
  }
}

/** `switch:port:mac` as an attachment. */
export function attachment(text: string): Message {
  const m = /^([^:]+):(\d+):((?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2})$/.exec(text);
  if (m === null) {
    throw new UsageError(`--attach '${text}' is invalid: expected SWITCH:PORT:MAC`);
  }
  return { switch: m[1], port: Number(m[2]), mac: m[3] };
}

/** `id=ID,locator=L,locator=L2,weight=W,metric=M,state=S` as an Instance message. */
export function instanceSpec(text: string): Message {
  const out: Message = { locators: [] };
  for (const part of text.split(',')) {
    const m = /^([a-z_]+)=(.*)$/.exec(part);
    if (m === null) throw new UsageError(`--instance '${text}': '${part}' is not KEY=VALUE`);
    const [, k, v] = m;
    if (k === 'id' || k === 'service' || k === 'state') out[k] = v;
    else if (k === 'locator') (out.locators as string[]).push(v);
    else if (k === 'weight' || k === 'metric') out[k] = uintOption(v, `instance ${k}`);
    else
      throw new UsageError(
        `--instance '${text}': unknown key '${k}' (id, locator, weight, metric, state, service)`,
      );
  }
  return out;
}

/** An instance as the domain writes it (camelCase, e.g. in a file) as an Instance message. */
export function instanceFromInput(x: unknown, where: string): Message {
  if (typeof x !== 'object' || x === null) throw new UsageError(`${where}: expected an object`);
  const r = x as Record<string, unknown>;
  const out: Message = {};
  const names: Record<string, string> = {
    id: 'id',
    service: 'service',
    locators: 'locators',
    weight: 'weight',
    metric: 'metric',
    state: 'state',
    announcementKey: 'announcement_key',
    lastSequence: 'last_sequence',
    attachments: 'attachments',
  };
  for (const [k, v] of Object.entries(r)) {
    const name = names[k] ?? (Object.values(names).includes(k) ? k : undefined);
    if (name === undefined) throw new UsageError(`${where}: unknown field '${k}'`);
    out[name] = v;
  }
  return out;
}
