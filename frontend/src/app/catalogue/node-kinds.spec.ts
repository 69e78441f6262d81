import { kindsFromOpenApi } from './node-kinds';
import { outputsOf } from './node-outputs';

describe('node kinds from the OpenAPI document', () => {
  it('reads each JourneyGraph_node_<type> schema, entries first, and nothing else', () => {
    const doc = {
      components: {
        schemas: {
          Journey: { type: 'object' },
          JourneyGraph_node_exit: {
            description: 'Ends it',
            properties: {
              type: { const: 'exit' },
              config: { type: 'object', properties: { reason: { type: 'string' } } },
            },
          },
          JourneyGraph_node_manual_entry: { properties: { type: { const: 'manual_entry' } } },
        },
      },
    };
    const kinds = kindsFromOpenApi(doc);
    expect(kinds.map((k) => [k.type, k.category])).toEqual([
      ['manual_entry', 'entry'],
      ['exit', 'exit'],
    ]);
    expect(kinds[1]!.configSchema.properties?.['reason']?.type).toBe('string');
    expect(kinds[0]!.configSchema).toEqual({ type: 'object' });
  });
});

describe('outputs of a node', () => {
  it('follow its config where the catalogue says they do', () => {
    expect(outputsOf('wait_for_event', { event: 'opened' })).toEqual(['event']);
    expect(outputsOf('wait_for_event', { event: 'opened', timeout: 'P3D' })).toEqual(['event', 'timeout']);
    expect(outputsOf('ab_split', { variants: [{ name: 'a' }, { name: 'b' }] })).toEqual([
      'variant:a',
      'variant:b',
    ]);
    expect(outputsOf('parallel', { branches: ['email', 'sms'] })).toEqual(['branch:email', 'branch:sms']);
    expect(outputsOf('custom_code', { outputs: ['hot'] })).toEqual(['next', 'error', 'hot']);
    expect(outputsOf('condition', {})).toEqual(['true', 'false']);
    expect(outputsOf('exit', {})).toEqual([]);
  });
});
