import type { PipelineFactory } from './types';
import { pipelineNameOf, selectPipeline } from './select';

const bytes = (s: string) => Buffer.from(s);
const factory = (name: string): PipelineFactory => ({
  name,
  description: name,
  create: () => ({ process: () => [] }),
});
const known = new Map([
  ['reflector', factory('reflector')],
  ['ssa', factory('ssa')],
]);

describe('pipelineNameOf', () => {
  it.each([
    ['', undefined],
    ['  \n', undefined],
    ['reflector', 'reflector'],
    ['{"pipeline": "ssa"}', 'ssa'],
    ['{"program": "./build/reflector.p4i", "__meta__": {}}', 'reflector'],
    ['{"program": "reflector.p4"}', 'reflector'],
  ])('%j -> %j', (text, name) => expect(pipelineNameOf(bytes(text))).toBe(name));

  it.each(['{not json', '{"other": 1}', 'two words'])('refuses %j', (text) => {
    expect(() => pipelineNameOf(bytes(text))).toThrow();
  });
});

describe('selectPipeline', () => {
  it('picks the named pipeline, or the default for an empty config', () => {
    expect(selectPipeline(bytes('ssa'), known, 'reflector').name).toBe('ssa');
    expect(selectPipeline(bytes(''), known, 'reflector').name).toBe('reflector');
  });

  it('picks a model by the P4 program it implements (a bmv2 JSON\'s "program")', () => {
    const main: PipelineFactory = { ...factory('fabric'), programs: ['main'] };
    const withMain = new Map([...known, ['fabric', main]]);
    expect(selectPipeline(bytes('{"program": "./main.p4i"}'), withMain, undefined)).toBe(main);
    expect(selectPipeline(bytes('fabric'), withMain, undefined)).toBe(main);
  });

  it('lists the known pipelines when it cannot choose', () => {
    expect(() => selectPipeline(bytes('nope'), known, undefined)).toThrow(
      "unknown pipeline 'nope'; known pipelines: 'reflector', 'ssa'",
    );
    expect(() => selectPipeline(bytes(''), known, undefined)).toThrow(/names no pipeline/);
  });
});
