/** The config of add_tag and remove_tag: one `tag` or a list of `tags`. */
import type { ConfigProblem, FieldRule } from './node-definition';

export const TAG_FIELDS: Record<string, FieldRule> = {
  tag: { kind: 'text', description: 'one tag, e.g. "vip"' },
  tags: { kind: 'string_list', min: 1, max: 50, description: 'several tags, e.g. ["vip", "beta"]' },
};

export function tagFieldsProblem(config: Record<string, unknown>): ConfigProblem[] {
  return (config.tag === undefined) === (config.tags === undefined)
    ? [{ field: 'tag', message: 'set exactly one of "tag" (one tag) or "tags" (a list)' }]
    : [];
}

/** The tags a node names, trimmed. */
export function configTags(config: Record<string, unknown>): string[] {
  const tags = typeof config.tag === 'string' ? [config.tag] : ((config.tags as string[] | undefined) ?? []);
  return tags.map((tag) => tag.trim());
}
