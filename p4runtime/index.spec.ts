import * as lib from './index';

describe('p4runtime entry point', () => {
  it('exports the client, schema, names, entities, codecs, text format and errors', () => {
    for (const name of [
      'P4RuntimeClient',
      'SwitchEvent',
      'P4Schema',
      'P4SchemaError',
      'P4ValueError',
      'TableEntry',
      'ActionProfileGroup',
      'encodeValue',
      'parseText',
      'printText',
      'P4RuntimeWriteError',
      'P4RuntimeWriteAbortedError',
      'P4RuntimeStreamFullError',
      'BoundedQueue',
      'cutPhases',
      'p4',
    ]) {
      expect({ name, value: typeof (lib as Record<string, unknown>)[name] }).not.toEqual({
        name,
        value: 'undefined',
      });
    }
  });
});
