/**
 * install.ts: puts ssaLookup in place of dns.lookup for the whole process (register.ts does it
 * at preload; tests and programs may call install() themselves).
 */
// The default import is the module object itself (a namespace import would be a read-only
// copy); net and http read its lookup on every call.
import dns from 'node:dns';
import { type SsaLookupOptions, ssaLookup } from './lookup';

const original = dns.lookup;

/** Replaces dns.lookup with an SSA-aware one; returns the function that puts it back. */
export function install(o: SsaLookupOptions = {}): () => void {
  const lookup = ssaLookup({ fallback: original, ...o });
  // dns.lookup is a writable property of the module object; net and http read it per call.
  (dns as { lookup: unknown }).lookup = lookup;
  return () => {
    (dns as { lookup: unknown }).lookup = original;
  };
}

/** The options the environment gives. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): SsaLookupOptions {
  return {
    ...(env.SSA_DNS_SERVER ? { server: env.SSA_DNS_SERVER } : {}),
    ...(env.SSA_SRC ? { src: env.SSA_SRC } : {}),
    ...(env.SSA_OBJECT ? { objectKey: env.SSA_OBJECT } : {}),
  };
}
