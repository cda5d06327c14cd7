/**
 * Golden intent: the entities compileIntent gives the example domain (test/fixtures/
 * domain-example.ts: s1 SSA edge + SAR, s2 MSLB-F/B), one protobuf text file per P4 control,
 * as P4Runtime Entity messages encoded against the committed P4Info, so a reviewer reads what
 * the switches will hold. Regenerate after an intended change with UPDATE_GOLDEN=1 and review
 * the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { P4Schema, printText } from '../../p4runtime';
import { protoRoot } from '../../p4runtime/proto';
import { FABRIC_P4INFO } from '../../softswitch/pipelines/fabric';
import { EXAMPLE } from '../../test/fixtures/domain-example';
import { DomainState } from '../domain';
import { CONTROLS, compileIntent } from '.';

const schema = P4Schema.fromFile(FABRIC_P4INFO);
// Four buckets instead of the default 256 keep the MSLB file short enough to review.
const INPUT = {
  ...EXAMPLE,
  mslbs: EXAMPLE.mslbs!.map((m) => ({ ...(m as object), bucketBits: 2 })),
};
const state = DomainState.create(INPUT);
// 2026-12-07T00:00:00Z: fixed, so time-hop epochs never depend on the clock.
const NOW = 1_796_601_600;
const intent = compileIntent(state, NOW, {
  gateways: { s1: '2001:db8:ff::ffff' },
  aclDrops: [{ priority: 10, ethType: 0x86dd, ipProto: 17, l4Dport: 53 }],
});

function render(control: (typeof CONTROLS)[number]): string {
  const out: string[] = [
    `# ${control}: compileIntent(test/fixtures/domain-example.ts, 4 MSLB buckets) at ${NOW}; UPDATE_GOLDEN=1 rewrites`,
  ];
  for (const [name, sw] of intent) {
    for (const e of sw.controls[control]) {
      const table = String(e.table);
      out.push(`# ${name} ${table}${e.isDefault ? ' (default)' : ''}`);
      out.push(printText(e.encode(schema), protoRoot.Entity).trimEnd());
    }
  }
  return `${out.join('\n')}\n`;
}

describe('compileIntent golden files (protobuf text, one per control)', () => {
  it.each(CONTROLS)('%s', (control) => {
    const file = join(__dirname, 'golden', `${control}.txtpb`);
    const text = render(control);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  it('is a pure function of the state and the time', () => {
    const again = compileIntent(DomainState.create(INPUT), NOW, {
      gateways: { s1: '2001:db8:ff::ffff' },
      aclDrops: [{ priority: 10, ethType: 0x86dd, ipProto: 17, l4Dport: 53 }],
    });
    for (const c of CONTROLS) {
      for (const [name, sw] of intent) {
        const a = sw.controls[c].map((e) => printText(e.encode(schema), protoRoot.Entity));
        const b = again
          .get(name)!
          .controls[c].map((e) => printText(e.encode(schema), protoRoot.Entity));
        expect(b).toEqual(a);
      }
    }
  });
});
