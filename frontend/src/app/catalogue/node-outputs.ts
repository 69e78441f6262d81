/**
 * Which output labels a node of each kind can leave by, for its config. The gateway's schemas do
 * not carry this yet (the node catalogue's `outputs`/`allowedOutputs` in packages/journey), so it
 * is restated here; the validate route remains the judge (an edge on a wrong label is reported).
 */
export type NodeCategory = 'entry' | 'channel' | 'logic' | 'data' | 'exit';

const CATEGORY_BY_TYPE: Record<string, NodeCategory> = {
  manual_entry: 'entry',
  event_entry: 'entry',
  segment_entry: 'entry',
  webhook_entry: 'entry',
  scheduled_entry: 'entry',
  send_email: 'channel',
  send_sms: 'channel',
  send_push: 'channel',
  send_whatsapp: 'channel',
  call_webhook: 'channel',
  wait: 'logic',
  wait_until: 'logic',
  wait_for_event: 'logic',
  condition: 'logic',
  ab_split: 'logic',
  frequency_cap: 'logic',
  parallel: 'logic',
  update_profile: 'data',
  add_tag: 'data',
  remove_tag: 'data',
  custom_code: 'data',
  goal_reached: 'exit',
  exit: 'exit',
  end: 'exit',
};

export function categoryOf(type: string): NodeCategory {
  return CATEGORY_BY_TYPE[type] ?? 'logic';
}

function names(value: unknown, key: string): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => (typeof item === 'string' ? item : (item as Record<string, unknown> | null)?.[key]))
    .filter((name): name is string => typeof name === 'string' && name.length > 0);
}

export function outputsOf(type: string, config: Record<string, unknown>): string[] {
  switch (type) {
    case 'exit':
    case 'end':
      return [];
    case 'condition':
      return ['true', 'false'];
    case 'wait_for_event':
      return typeof config['timeout'] === 'string' && config['timeout'] !== ''
        ? ['event', 'timeout']
        : ['event'];
    case 'ab_split':
      return names(config['variants'], 'name').map((name) => `variant:${name}`);
    case 'parallel':
      return names(config['branches'], 'name').map((name) => `branch:${name}`);
    case 'frequency_cap':
      return ['within', 'exceeded'];
    case 'custom_code':
      return ['next', 'error', ...names(config['outputs'], 'name')];
    default:
      return ['next'];
  }
}

export function isEntry(type: string): boolean {
  return categoryOf(type) === 'entry';
}
