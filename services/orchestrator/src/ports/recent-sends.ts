/** This customer's recent sends on every channel, newest first (read from the frequency caps). */
export interface RecentSendsReader {
  recentSends(
    workspaceId: string,
    customerId: string,
    sinceMs: number,
  ): Promise<Array<{ channel: string; at: number }>>;
}
