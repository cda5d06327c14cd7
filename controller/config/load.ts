import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { configSchema, type ControllerConfig } from './schema';
import { redactUrl } from './redact';

/** One refused setting: where it came from, what it held, what was expected. */
export interface ConfigProblem {
  readonly key: string;
  readonly source: string;
  readonly value: string;
  readonly expected: string;
}

/** The configuration is wrong: the controller refuses to start, naming every bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      'invalid configuration:\n' +
        problems.map((p) => `  ${p.key} (${p.source}) = ${p.value}: ${p.expected}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Environment variable prefix: `SSA_RECONCILER_BATCH_SIZE` sets `reconciler.batchSize`. */
export const ENV_PREFIX = 'SSA_';

type Leaf = 'string' | 'number' | 'boolean' | 'other';
interface EnvKey {
  readonly env: string;
  readonly ns: string;
  readonly key: string;
  readonly leaf: Leaf;
}

/** The environment variable of every setting, derived from the schema so they never drift. */
export function environmentKeys(): readonly EnvKey[] {
  const keys: EnvKey[] = [];
  for (const [ns, nsSchema] of Object.entries(configSchema.shape)) {
    const obj = unwrap(nsSchema) as unknown as { shape: Record<string, z.ZodType> };
    for (const [key, leafSchema] of Object.entries(obj.shape)) {
      const env =
        ns === 'database' && key === 'url'
          ? 'DATABASE_URL'
          : `${ENV_PREFIX}${snake(ns)}_${snake(key)}`;
      keys.push({ env, ns, key, leaf: leafKind(leafSchema) });
    }
  }
  return keys;
}

/**
 * Reads the configuration file (YAML or JSON, optional), overlays the environment and
 * validates the whole; throws ConfigError listing every bad key before anything boots.
 */
export function loadConfig(options: {
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
}): ControllerConfig {
  const env = options.env ?? {};
  const sources = new Map<string, string>();
  const raw: Record<string, Record<string, unknown>> = {};
  const problems: ConfigProblem[] = [];

  if (options.file !== undefined) {
    const fromFile = readConfigFile(options.file);
    if (fromFile === null || typeof fromFile !== 'object' || Array.isArray(fromFile)) {
      throw new ConfigError([
        {
          key: '(root)',
          source: options.file,
          value: show(fromFile),
          expected:
            'a mapping of namespaces (database, p4runtime, reconciler, inband, leadership, dns, admin, logging)',
        },
      ]);
    }
    for (const [ns, section] of Object.entries(fromFile as Record<string, unknown>)) {
      raw[ns] = section as Record<string, unknown>;
      if (section !== null && typeof section === 'object' && !Array.isArray(section)) {
        raw[ns] = { ...(section as Record<string, unknown>) };
        for (const key of Object.keys(section)) sources.set(`${ns}.${key}`, options.file);
      } else {
        sources.set(ns, options.file);
      }
    }
  }

  const known = environmentKeys();
  for (const k of known) {
    const text = env[k.env];
    if (text === undefined) continue;
    const section = raw[k.ns];
    const target =
      section !== null && typeof section === 'object' && !Array.isArray(section)
        ? section
        : (raw[k.ns] = {});
    target[k.key] = fromEnv(text, k.leaf);
    sources.set(`${k.ns}.${k.key}`, `environment ${k.env}`);
  }
  const knownNames = new Set(known.map((k) => k.env));
  for (const name of Object.keys(env)) {
    if (name.startsWith(ENV_PREFIX) && !knownNames.has(name)) {
      problems.push({
        key: name,
        source: 'environment',
        value: '(set)',
        expected: `a known setting: ${[...knownNames].join(', ')}`,
      });
    }
  }

  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      const keys =
        issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
      for (const keyPath of keys) {
        const key = keyPath.join('.') || '(root)';
        const source = sources.get(key) ?? sources.get(keyPath[0] ?? '') ?? 'defaults';
        problems.push({
          key,
          source,
          value: issue.code === 'unrecognized_keys' ? '(present)' : show(issue.input, keyPath),
          expected:
            issue.code === 'unrecognized_keys'
              ? 'no such setting (misspelt?)'
              : issue.message.replace(/^Invalid [a-z ]*: /, ''),
        });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data as ControllerConfig;
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError([
      { key: '(file)', source: file, value: file, expected: `a readable file (${String(e)})` },
    ]);
  }
  try {
    return extname(file) === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    throw new ConfigError([
      { key: '(file)', source: file, value: '(unparsable)', expected: `YAML or JSON: ${e}` },
    ]);
  }
}

/** Environment strings become the type the setting expects; zod judges the result. */
function fromEnv(text: string, leaf: Leaf): unknown {
  if (leaf === 'number' && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  if (leaf === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** Prints a refused value; a database URL never shows its password. */
function show(value: unknown, keyPath: readonly string[] = []): string {
  if (typeof value === 'string') {
    const key = keyPath.join('.');
    if (key === 'dns.tsigSecret') return '(secret, not shown)';
    return JSON.stringify(key === 'database.url' ? redactUrl(value) : value);
  }
  if (value === undefined) return '(missing)';
  return JSON.stringify(value) ?? String(value);
}

function snake(camel: string): string {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } };
  while (s._zod.def.innerType !== undefined) s = s._zod.def.innerType as unknown as typeof s;
  return s as unknown as z.ZodType;
}

function leafKind(schema: z.ZodType): Leaf {
  const type = (unwrap(schema) as unknown as { _zod: { def: { type: string } } })._zod.def.type;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'other';
}
