/** A source of time in nanoseconds (a double: sub-microsecond precision is all we need). */
export type Clock = () => number;

/** Monotonic nanoseconds since the process started; the default clock of the engine. */
export const monotonicNs: Clock = () => performance.now() * 1e6;
