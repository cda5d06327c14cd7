/**
 * names.ts: domain names as the zone keeps them: lower case, no trailing dot, '' for the root;
 * checks of RFC 1035 lengths; membership in a zone.
 */
import { ZoneError } from './model';

/** A name in the zone's form: lower case, no trailing dot. */
export function canonicalName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

/** Checks a host-like name (labels 1..63 of letters, digits, '-' and '_', 255 bytes on the wire). */
export function checkName(name: string, field: string): string {
  const n = canonicalName(name);
  const labels = n === '' ? [] : n.split('.');
  const bad = labels.find((l) => !/^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l));
  if (bad !== undefined || labels.length === 0) {
    throw new ZoneError(
      `${field}: '${name}' is not a domain name (labels of 1..63 letters, digits, - or _)`,
    );
  }
  if (n.length + 2 > 255) throw new ZoneError(`${field}: '${name}' is longer than 255 bytes`);
  return n;
}

/** Whether `name` is `origin` or below it. */
export function inZone(name: string, origin: string): boolean {
  return origin === '' || name === origin || name.endsWith(`.${origin}`);
}
