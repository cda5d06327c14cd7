/**
 * register.ts: SSA names for a program that was not written for them. Preloaded with
 * `node -r ./dist/client/register.js app.js`, it puts ssaLookup in place of dns.lookup, which
 * net, tls, http and https call for every host name: names with APL records get the address
 * their rule gives this client (wire §2, §3), all others resolve as before.
 *
 *   SSA_DNS_SERVER=127.0.0.1:5353 SSA_SRC=2001:db8:aaaa:bbbb::1 node -r ./dist/client/register.js app.js
 *
 * Environment: SSA_DNS_SERVER (default: the system's resolvers), SSA_SRC (default: asked from
 * the kernel's routing), SSA_OBJECT (content rule).
 */
import { install, optionsFromEnv } from './install';

install(optionsFromEnv());
