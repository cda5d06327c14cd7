/**
 * Packet builders, dissector and masks for the PTF-style packet suite, independent of the
 * switch's code (see README.md).
 */
export * from './address';
export * from './bytes';
export * from './checksum';
export * from './compose';
export * from './crc32';
export * from './describe';
export * from './dissect';
export * from './edit';
export * from './fields';
export * from './flow-hash';
export * from './layers';
export * from './mask';
export * from './rosa';
export * from './ssa';
