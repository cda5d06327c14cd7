import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { ConfigError, loadConfig } from '../config/load';
import { EXAMPLE } from '../../test/fixtures/domain-example';
import { DomainState } from '../domain';
import { IntentService } from './intent.module';

/** Loads `yaml` as the configuration file. */
function configOf(yaml: string): AppConfig {
  const dir = mkdtempSync(join(tmpdir(), 'ssa-intent-config-'));
  try {
    const file = join(dir, 'controller.yaml');
    writeFileSync(file, yaml);
    return new AppConfig(loadConfig({ file }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('IntentService', () => {
  it('installs the configured gateway and operator drops', () => {
    const config = configOf(
      [
        'reconciler:',
        '  sarGateways: { s1: "2001:db8:ff::ffff" }',
        '  aclDrops: [{ switch: s2, priority: 10, ethType: 0x86dd, ipProto: 17, l4Dport: 53 }]',
      ].join('\n'),
    );
    const intent = new IntentService(config).compile(DomainState.create(EXAMPLE), 0);
    const fib = intent.get('s1')!.controls.sar.filter((e) => e.isDefault);
    expect(fib.map((e) => e.action)).toEqual([
      { name: 'sar.to_gateway', params: { gateway: '2001:db8:ff::ffff' } },
    ]);
    const drops = (sw: string) =>
      intent
        .get(sw)!
        .controls.acl.filter((e) => (e.action as { name?: string }).name === 'acl.drop');
    expect(drops('s2')).toHaveLength(1);
    expect(drops('s1')).toHaveLength(0);
  });

  it('refuses a gateway that is not an IPv6 address before anything starts', () => {
    expect(() => configOf('reconciler:\n  sarGateways: { s1: "10.0.0.1" }')).toThrow(ConfigError);
    expect(() => configOf('reconciler:\n  sarGateways: { s1: "10.0.0.1" }')).toThrow(
      /reconciler\.sarGateways.*expected an IPv6 address/s,
    );
  });
});
