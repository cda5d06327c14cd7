/**
 * What a Write is made of: updates that say their type, over entities that encode themselves
 * against a schema (the values of this folder) or are already P4Runtime messages.
 */
import type { p4 } from '../proto';
import type { P4Schema } from '../schema';

/** An entity that knows how to encode itself against a schema (every value of entities/). */
export interface EncodableEntity {
  encode(schema: P4Schema): p4.v1.IEntity;
}

/** The type of an update, as P4Runtime names them (Update.Type). */
export type UpdateType = 'insert' | 'modify' | 'delete';

/** One update of a Write: the type is said, never implied. */
export interface Update {
  type: UpdateType;
  entity: EncodableEntity | p4.v1.IEntity;
}
