/** Asks the user's own segment service whether a customer is in a segment (`segment.url`). */
export interface SegmentClient {
  isMember(
    url: string,
    request: { workspaceId: string; customerId: string; attributes: Record<string, unknown> },
  ): Promise<boolean>;
}
