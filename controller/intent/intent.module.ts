/**
 * The intent context in Nest: IntentService, a thin provider over compileIntent (the logic is
 * plain functions, tested without Nest).
 */
import { Injectable, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { DomainState } from '../domain';
import { compileIntent } from './compile';
import type { SwitchIntent } from './collect';
import type { IntentOptions } from './context';

/** Compiles the desired entities of every switch. */
@Injectable()
export class IntentService {
  /** Configuration the domain does not hold (gateways, operator ACL drops). */
  readonly options: IntentOptions;

  constructor(config: AppConfig) {
    this.options = {
      gateways: config.reconciler.sarGateways,
      aclDrops: config.reconciler.aclDrops,
    };
  }

  /** The intent of `state` at unix time `now` (seconds). */
  compile(state: DomainState, now: number): Map<string, SwitchIntent> {
    return compileIntent(state, now, this.options);
  }
}

@Module({ providers: [IntentService], exports: [IntentService] })
export class IntentModule {}
