import { evaluateSegment, type JourneyNode } from '@kalcifer/journey';
import type { SegmentClient } from '../ports/segment-client';

/** Is this customer in the segment of a `segment_entry` node (expression here, or the user's URL)? */
export class SegmentMembership {
  constructor(private readonly client: SegmentClient) {}

  async isMember(
    workspaceId: string,
    node: JourneyNode,
    customerId: string,
    attributes: Record<string, unknown>,
    now: number,
  ): Promise<boolean> {
    const segment = node.config.segment as { expression?: unknown; url?: unknown } | undefined;
    if (typeof segment?.url === 'string')
      return this.client.isMember(segment.url, { workspaceId, customerId, attributes });
    if (typeof segment?.expression !== 'string')
      throw new Error(`segment_entry "${node.id}" has neither segment.expression nor segment.url`);
    return evaluateSegment({ expression: segment.expression }, attributes, now);
  }
}
