/**
 * The driver's two files (YAML or JSON), checked before the controller boots:
 *
 * - a scenario: the topology and services stored on first start (`switches`, `routes`,
 *   `services`, `instances`, `mslbs`, each a list of the domain's inputs);
 * - a script: commands with delays (`steps: [{ waitMs: 500, command: { type: ... } }]`).
 *
 * The envelope is checked here; every value inside is checked by the domain when applied.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { COMMAND_TYPES, type Command } from '../commands/command';

const list = z.array(z.unknown()).max(100_000).optional();

const scenarioSchema = z.strictObject({
  description: z.string().optional(),
  switches: list,
  routes: list,
  services: list,
  instances: list,
  mslbs: list,
});

const scriptSchema = z.strictObject({
  description: z.string().optional(),
  steps: z
    .array(
      z.strictObject({
        /** Milliseconds to wait before the command. */
        waitMs: z.number().int().min(0).max(3_600_000).default(0),
        /** A note printed with the step. */
        note: z.string().optional(),
        command: z.looseObject({ type: z.enum(COMMAND_TYPES as [string, ...string[]]) }),
      }),
    )
    .min(1),
});

export type Scenario = z.output<typeof scenarioSchema>;
export interface ScriptStep {
  readonly waitMs: number;
  readonly note?: string;
  readonly command: Command;
}
export interface Script {
  readonly description?: string;
  readonly steps: readonly ScriptStep[];
}

/** A scenario or script file is unreadable or malformed; names the file and the field. */
export class DriverFileError extends Error {
  override readonly name = 'DriverFileError';
}

/** Reads and checks a scenario file. */
export function loadScenario(file: string): Scenario {
  return check(file, scenarioSchema, readStructured(file));
}

/** Reads and checks a scaling script. */
export function loadScript(file: string): Script {
  return check(file, scriptSchema, readStructured(file)) as unknown as Script;
}

function readStructured(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DriverFileError(`${file}: cannot be read (${String(e)})`);
  }
  try {
    return extname(file) === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    throw new DriverFileError(`${file}: not YAML or JSON (${String(e)})`);
  }
}

function check<T extends z.ZodType>(file: string, schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const at = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const key = i.code === 'unrecognized_keys' ? `${at}.${i.keys.join(', ')}` : at;
    const shown =
      i.code === 'unrecognized_keys' ? '' : ` = ${JSON.stringify(i.input) ?? 'undefined'}`;
    return `  ${key.replace(/^\./, '') || '(root)'}${shown}: ${i.message}`;
  });
  throw new DriverFileError(`${file}: refused\n${lines.join('\n')}`);
}
