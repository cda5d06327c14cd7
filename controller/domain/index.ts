/** The domain: plain immutable values, validated on construction (no Nest, no ORM). */
export * from './address';
export { DomainError, joinPath, showValue } from './errors';
export * from './instance';
export * from './mslb';
export * from './route';
export * from './service';
export * from './slice-map';
export * from './state';
export * from './switch';
export { Topology } from './topology';
