/**
 * The controller's entry point:
 *
 *   node dist/controller/main.js [--config controller.yaml] [--scenario topologies/demo/scenario.yaml]
 *                                [--script topologies/demo/scale.yaml] [--once]
 *
 * Configuration, scenario and script are checked before anything boots; a wrong value stops
 * the start (exit code 2) with the key, the value and what was expected. SIGTERM and SIGINT
 * stop it gracefully: commands finish, streams close, leases are released, the database closes.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { startAdminApp } from './admin/admin-app';
import { AppModule, loggerFor } from './app.module';
import { CommandService } from './commands/command.service';
import { AppConfig } from './config/app-config';
import { ConfigError, loadConfig } from './config/load';
import {
  DriverFileError,
  type Scenario,
  type Script,
  loadScenario,
  loadScript,
} from './scenario/files';
import { runScript, seedScenario } from './scenario/driver';

const USAGE = `usage: main [--config FILE] [--scenario FILE] [--script FILE] [--once]
  --config FILE    configuration (YAML or JSON); the environment overrides it (docs/controller.md)
  --scenario FILE  topology and services to store on first start (empty database only)
  --script FILE    commands with delays to run once booted (a scaling demonstration)
  --once           stop after the scenario and the script instead of running until SIGTERM`;

/** Runs the controller; resolves with the exit code (2: refused configuration or files). */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  stderr: (text: string) => void = (t) => process.stderr.write(t + '\n'),
): Promise<number> {
  let args: { config?: string; scenario?: string; script?: string; once?: boolean; help?: boolean };
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string' },
        scenario: { type: 'string' },
        script: { type: 'string' },
        once: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (e) {
    stderr(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    stderr(USAGE);
    return 0;
  }

  let config: AppConfig;
  let scenario: Scenario | undefined;
  let script: Script | undefined;
  try {
    config = new AppConfig(loadConfig({ file: args.config, env }));
    scenario = args.scenario === undefined ? undefined : loadScenario(args.scenario);
    script = args.script === undefined ? undefined : loadScript(args.script);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DriverFileError) {
      stderr(`ssa-controller: not started: ${e.message}`);
      return 2;
    }
    throw e;
  }

  const logger = loggerFor(config);
  // With the admin API the controller is a Nest microservice whose transport is its gRPC
  // server; without it, a plain application context.
  const app = config.admin.enabled
    ? (await startAdminApp(config, logger)).app
    : await NestFactory.createApplicationContext(AppModule.register(config, logger), {
        logger,
        abortOnError: false,
      });
  // SIGTERM / SIGINT: Nest runs beforeApplicationShutdown (commands finish, streams close,
  // leases are released) then onApplicationShutdown (the database closes), then exits.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const commands = app.get(CommandService);
  const stopping = new AbortController();
  process.once('SIGTERM', () => stopping.abort());
  process.once('SIGINT', () => stopping.abort());
  try {
    if (scenario !== undefined) await seedScenario(commands, scenario, logger);
    if (script !== undefined) await runScript(commands, script, logger, stopping.signal);
  } catch (e) {
    if (stopping.signal.aborted) return 0; // the shutdown hooks are already closing the app
    logger.error(e instanceof Error ? e : String(e), 'Main');
    await app.close();
    return 1;
  }
  const state = await commands.state();
  logger.log(
    {
      msg: 'controller running',
      version: state.version,
      services: state.services.length,
      instances: state.instances.length,
      switches: state.switches.length,
    },
    'Main',
  );
  if (args.once) {
    await app.close();
    return 0;
  }
  // Nothing else holds the event loop until the switch sessions exist (the admin API does).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise<void>((resolve) => stopping.signal.addEventListener('abort', () => resolve()));
  clearInterval(keepAlive);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(
        `ssa-controller: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
