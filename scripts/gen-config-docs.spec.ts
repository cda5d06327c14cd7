import { readFileSync } from 'node:fs';
import { environmentKeys } from '../controller/config/load';
import { sourcePath } from '../softswitch/pipeline/source-path';
import { execFileSync } from 'node:child_process';
import { docComments, renderConfigReference } from './gen-config-docs';

const SCHEMA = readFileSync(sourcePath('controller', 'config', 'schema.ts'), 'utf8');

describe('docs/configuration.md from the config schema', () => {
  it('reads one-line and multi-line doc comments above the keys', () => {
    const docs = docComments(
      [
        'export const configSchema = z.strictObject({',
        '  alpha: z',
        '    .strictObject({',
        '      /** One line. */',
        '      one: z.number(),',
        '      /**',
        '       * Two',
        '       * lines.',
        '       */',
        '      two: z.string(),',
        '      three: z.boolean(),',
        '    })',
      ].join('\n'),
    );
    expect(docs.get('alpha.one')).toBe('One line.');
    expect(docs.get('alpha.two')).toBe('Two lines.');
    expect(docs.has('alpha.three')).toBe(false);
  });

  it('has a row for every key, with its variable, default and doc comment', () => {
    const text = renderConfigReference(SCHEMA);
    for (const k of environmentKeys()) {
      expect(text).toContain(`| \`${k.ns}.${k.key}\` | \`${k.env}\` |`);
    }
    expect(text).toMatch(
      /\| `metrics\.counterReadMs` \| `SSA_METRICS_COUNTER_READ_MS` \| integer 0\.\.3600000 \| `10000` \| Read the data-plane counters/,
    );
  });

  it('is committed up to date (npm run docs:config; prettier runs outside Jest)', () => {
    const out = execFileSync(
      process.execPath,
      ['-r', './test/controller/support/ts-register.js', 'scripts/gen-config-docs.ts', '--check'],
      { cwd: sourcePath(), encoding: 'utf8' },
    );
    expect(out).toContain('is up to date');
  });
});
