/**
 * The response schema given to Gemini, derived from the node catalogue so the model can only
 * answer with the journey graph's shape: node types from the catalogue, config fields as each
 * node kind declares them (Gemini's schema subset has no oneOf, so config is the union of all
 * fields; the validator then checks each kind's own rules and feeds problems back).
 */
import { SchemaType, type ResponseSchema, type Schema } from '@google/generative-ai';
import { NODE_CATALOGUE, NODE_TYPES, type FieldRule } from '@kalcifer/journey';

function fieldSchema(name: string, rule: FieldRule): Schema | undefined {
  const description = rule.description;
  switch (rule.kind) {
    case 'boolean':
      return { type: SchemaType.BOOLEAN, description };
    case 'integer':
      return { type: SchemaType.INTEGER, description };
    case 'number':
      return { type: SchemaType.NUMBER, description };
    case 'string_list':
      return { type: SchemaType.ARRAY, items: { type: SchemaType.STRING }, description };
    case 'list':
      // ab_split's variants, the one list field of the catalogue.
      return name === 'variants'
        ? {
            type: SchemaType.ARRAY,
            description,
            items: {
              type: SchemaType.OBJECT,
              properties: { name: { type: SchemaType.STRING }, percent: { type: SchemaType.INTEGER } },
              required: ['name', 'percent'],
            },
          }
        : undefined;
    case 'object':
      return name === 'segment'
        ? {
            type: SchemaType.OBJECT,
            description,
            properties: { expression: { type: SchemaType.STRING }, url: { type: SchemaType.STRING } },
          }
        : undefined; // free-form maps (headers, data, set) cannot be said in Gemini's subset
    case 'enum':
      return { type: SchemaType.STRING, format: 'enum', enum: [...(rule.values ?? [])], description };
    case 'text':
    case 'duration':
    case 'datetime':
    case 'expression':
    case 'property':
    case 'url':
    case 'cron':
    case 'timezone':
    case 'time_of_day':
      return { type: SchemaType.STRING, description };
  }
}

export function journeyResponseSchema(): ResponseSchema {
  const config: Record<string, Schema> = {};
  for (const type of NODE_TYPES) {
    for (const [name, rule] of Object.entries(NODE_CATALOGUE[type].fields)) {
      if (config[name] !== undefined) continue;
      const schema = fieldSchema(name, rule);
      if (schema !== undefined) config[name] = schema;
    }
  }
  return {
    type: SchemaType.OBJECT,
    properties: {
      explanation: {
        type: SchemaType.STRING,
        description: 'the journey in 2-5 plain sentences for a marketer',
      },
      graph: {
        type: SchemaType.OBJECT,
        properties: {
          nodes: {
            type: SchemaType.ARRAY,
            items: {
              type: SchemaType.OBJECT,
              properties: {
                id: { type: SchemaType.STRING, description: 'unique, letters, digits, _ . : -' },
                type: { type: SchemaType.STRING, format: 'enum', enum: [...NODE_TYPES] },
                name: { type: SchemaType.STRING },
                config: { type: SchemaType.OBJECT, properties: config },
              },
              required: ['id', 'type', 'config'],
            },
          },
          edges: {
            type: SchemaType.ARRAY,
            items: {
              type: SchemaType.OBJECT,
              properties: {
                from: { type: SchemaType.STRING },
                to: { type: SchemaType.STRING },
                output: { type: SchemaType.STRING },
              },
              required: ['from', 'to', 'output'],
            },
          },
          exitCriteria: { type: SchemaType.STRING, nullable: true },
          goal: {
            type: SchemaType.OBJECT,
            nullable: true,
            properties: { event: { type: SchemaType.STRING }, exitOnGoal: { type: SchemaType.BOOLEAN } },
          },
        },
        required: ['nodes', 'edges'],
      },
    },
    required: ['explanation', 'graph'],
  };
}
