/** The intent compiler: the desired P4Runtime entities of every switch (pure, no I/O). */
export { compileIntent } from './compile';
export { CONTROLS, entitiesOf, type Control, type SwitchIntent } from './collect';
export type { AclDrop, IntentOptions } from './context';
export { IntentError } from './errors';
export { NEIGHBOURS_PER_PORT, NextHopTable, type NextHop } from './next-hops';
export { epochOf, ruleOf, type Unreachable } from './ssa';
