import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandService } from '../commands/command.service';
import { CommandRefusedError } from '../commands/command';
import type { StructuredLogger } from '../logging/structured-logger';
import type { Scenario, Script } from './files';

/**
 * Stores a scenario on first start (an empty database); a database that already holds a
 * state keeps it, so a restart never overwrites what commands changed since.
 */
export async function seedScenario(
  commands: CommandService,
  scenario: Scenario,
  logger: StructuredLogger,
): Promise<boolean> {
  const result = await commands.seed(scenario);
  if (result === false) {
    logger.log({ msg: 'scenario not applied: the database already holds a state' }, 'Driver');
    return false;
  }
  return true;
}

/**
 * Runs a scaling script: each step waits its delay, then runs its command. A refused command
 * is logged with its field and the script goes on; resolves with the number refused.
 */
export async function runScript(
  commands: CommandService,
  script: Script,
  logger: StructuredLogger,
  signal?: AbortSignal,
): Promise<number> {
  let refused = 0;
  for (const [i, step] of script.steps.entries()) {
    if (step.waitMs > 0) await sleep(step.waitMs, undefined, { signal });
    signal?.throwIfAborted();
    logger.log(
      { msg: 'script step', step: i, command: step.command.type, note: step.note },
      'Driver',
    );
    try {
      await commands.execute(step.command);
    } catch (e) {
      if (!(e instanceof CommandRefusedError)) throw e;
      refused++;
      logger.warn({ msg: 'script step refused', step: i, error: e.message }, 'Driver');
    }
  }
  return refused;
}
