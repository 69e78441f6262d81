import { defineNode } from './node-definition';
import { TAG_FIELDS, tagFieldsProblem } from './tag-fields';

export interface AddTagConfig {
  tag?: string;
  tags?: string[];
}

export const addTagNode = defineNode({
  type: 'add_tag',
  category: 'data',
  description: 'Adds one tag (`tag`) or several (`tags`) to the customer, then continues by `next`.',
  outputs: ['next'],
  fields: TAG_FIELDS,
  crossCheck: tagFieldsProblem,
  schemaExtra: { oneOf: [{ required: ['tag'] }, { required: ['tags'] }] },
});
