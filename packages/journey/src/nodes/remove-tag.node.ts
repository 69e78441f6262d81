import { defineNode } from './node-definition';
import { TAG_FIELDS, tagFieldsProblem } from './tag-fields';

export interface RemoveTagConfig {
  tag?: string;
  tags?: string[];
}

export const removeTagNode = defineNode({
  type: 'remove_tag',
  category: 'data',
  description: 'Removes one tag (`tag`) or several (`tags`) from the customer, then continues by `next`.',
  outputs: ['next'],
  fields: TAG_FIELDS,
  crossCheck: tagFieldsProblem,
  schemaExtra: { oneOf: [{ required: ['tag'] }, { required: ['tags'] }] },
});
