/**
 * A whole lab on one machine: the embedded switches of a topology and the controller driving
 * them. `npm start` runs it on topologies/demo.
 *
 *   node dist/topologies/runners/lab.js [DIR] [--fresh] [--no-script]
 *
 * DIR (default topologies/demo) holds `scenario.yaml` (switches, routes, services, instances,
 * MSLB: stored on first start), `controller.yaml` (the controller's configuration) and
 * optionally `scale.yaml` (a scaling script the controller runs once booted). `--fresh` starts
 * from an empty database. Stops on SIGINT / SIGTERM.
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { readFileSync } from 'node:fs';
import { main as controllerMain } from '../../controller/main';
import { AppConfig } from '../../controller/config/app-config';
import { ConfigError, loadConfig } from '../../controller/config/load';
import { DriverFileError, loadScenario } from '../../controller/scenario/files';
import { sourcePath } from '../../softswitch/pipeline/source-path';
import { startEmbeddedSwitches } from './embedded';

const USAGE = `usage: lab [DIR] [--fresh] [--no-script]
  DIR          topology folder with scenario.yaml, controller.yaml and scale.yaml (default topologies/demo)
  --fresh      delete the controller's SQLite database first (start from the scenario again)
  --no-script  do not run scale.yaml`;

/** Runs the lab; resolves with the exit code. */
export async function lab(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let args: {
    values: { fresh?: boolean; 'no-script'?: boolean; help?: boolean };
    positionals: string[];
  };
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        fresh: { type: 'boolean' },
        'no-script': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dir = resolve(args.positionals[0] ?? sourcePath('topologies', 'demo'));
  const files = {
    scenario: join(dir, 'scenario.yaml'),
    config: join(dir, 'controller.yaml'),
    script: join(dir, 'scale.yaml'),
  };
  for (const f of [files.scenario, files.config]) {
    if (!existsSync(f)) {
      process.stderr.write(`lab: ${f} is missing\n${USAGE}\n`);
      return 2;
    }
  }
  let switches: readonly unknown[];
  let config: AppConfig;
  try {
    switches = loadScenario(files.scenario).switches ?? [];
    config = new AppConfig(loadConfig({ file: files.config, env }));
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DriverFileError) {
      process.stderr.write(`lab: not started: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const target = config.databaseTarget();
  if (args.values.fresh && target.type === 'sqlite') {
    rmSync(target.path, { force: true });
  }

  const embedded = await startEmbeddedSwitches(switches);
  const lines = [
    `ssa-fabric lab: ${dir}`,
    ...embedded.switches.map(
      (s) => `  switch ${s.name}: embedded, device ${s.deviceId}, P4Runtime on ${s.address}`,
    ),
    `  database: ${target.type === 'sqlite' ? target.path : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (config.dns.enabled) {
    lines.push(
      `  DNS: ${config.dns.host}:${config.dns.port}, zone ${config.dns.zone}; try`,
      `    dig @${config.dns.host} -p ${config.dns.port} ${firstService(files.scenario)} APL`,
      `    npm run ssa-resolve -- ${firstService(files.scenario)} --src 2001:db8:aaaa:bbbb::1 --server ${config.dns.host}:${config.dns.port}`,
    );
  }
  if (config.admin.enabled) {
    const server = `${config.admin.host}:${config.admin.port}`;
    const flag = server === '127.0.0.1:50055' ? '' : ` --server ${server}`;
    lines.push(
      `  admin API: ${server}; on a first start (empty database, --fresh) the controller prints`,
      `    an admin token once on stderr ("first start: admin token ..."): keep it and use it as`,
      `    SSACTL_TOKEN=<token> npx ssactl${flag} service list`,
      `    SSACTL_TOKEN=<token> npm run ssactl --${flag} status`,
    );
  }
  if (config.metrics.enabled) {
    lines.push(`  metrics: http://${config.metrics.host}:${config.metrics.port}/metrics`);
  }
  lines.push('  stop with Ctrl-C');
  process.stdout.write(`${lines.join('\n')}\n`);

  const controllerArgs = ['--config', files.config, '--scenario', files.scenario];
  if (!args.values['no-script'] && existsSync(files.script)) {
    controllerArgs.push('--script', files.script);
  }
  try {
    return await controllerMain(controllerArgs, env);
  } finally {
    await embedded.stop();
  }
}

/** The first service's name in a scenario file, for the hints printed at start. */
function firstService(file: string): string {
  const doc = YAML.parse(readFileSync(file, 'utf8')) as { services?: { name?: string }[] };
  return doc.services?.[0]?.name ?? 'SERVICE';
}

if (require.main === module) {
  lab(process.argv.slice(2), process.env).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`lab: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
