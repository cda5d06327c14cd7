/**
 * DNS publication of the services (wire §3): the zone model, buildZone, the authoritative
 * server, and the RFC 2136 publisher for an existing server. See docs/dns.md.
 */
export * from './model';
export { buildZone, sameZone, recordKey, type Zone, type ZoneRecord, type ZoneType } from './zone';
export { DnsServer, type DnsServerOptions } from './server';
export { Responder, type QueryContext, type ResponderOptions } from './responder';
export {
  UpdatePublisher,
  UpdateError,
  diffRecords,
  updateMessage,
  type UpdatePublisherOptions,
} from './publisher';
export { type TsigKey, TsigError, signTsig, verifyTsig } from './tsig';
export { sendNotify, NotifyError } from './notify';
