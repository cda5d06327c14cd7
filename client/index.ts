/**
 * The SSA client library: ask DNS for a service's ranges and rule, compute the destination the
 * switch accepts (wire §2, §3). See docs/client.md.
 */
export * from './address';
export * from './apl';
export * from './crc32';
export * from './rule-text';
export * from './ssa';
export * from './message';
export * from './transport';
export * from './resolve';
export * from './lookup';
export { install, optionsFromEnv } from './install';
