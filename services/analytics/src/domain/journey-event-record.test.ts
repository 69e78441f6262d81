import type { JournalMessage } from '@kalcifer/contracts';
import { journeyEventRecords } from './journey-event-record';

const message: JournalMessage = {
  workspaceId: 'ws',
  journeyId: 'j',
  version: 2,
  instanceId: 'i',
  customerId: 'c',
  events: [
    { type: 'node.entered', at: 10, nodeId: 'split', tokenId: 't1' },
    { type: 'node.exited', at: 10, nodeId: 'split', tokenId: 't1', data: { output: 'variant:b' } },
  ],
};

describe('journeyEventRecords', () => {
  it('gives each event of a journal message an id from the message id and its position', () => {
    const records = journeyEventRecords(message, 'journal:i:abc');
    expect(records.map((r) => r.id)).toEqual(['journal:i:abc:0', 'journal:i:abc:1']);
    expect(records[1]).toEqual({
      id: 'journal:i:abc:1',
      workspaceId: 'ws',
      journeyId: 'j',
      version: 2,
      instanceId: 'i',
      customerId: 'c',
      type: 'node.exited',
      at: 10,
      nodeId: 'split',
      tokenId: 't1',
      output: 'variant:b',
    });
  });

  it('gives the same ids to the same message received twice', () => {
    expect(journeyEventRecords(message, 'm')).toEqual(journeyEventRecords(message, 'm'));
  });

  it('keeps the send key, channel and status of message events (what alert rules count)', () => {
    const [requested, status] = journeyEventRecords(
      {
        ...message,
        events: [
          { type: 'message.requested', at: 1, nodeId: 'n', data: { sendKey: 'k', channel: 'sms', visit: 0 } },
          {
            type: 'message.status',
            at: 2,
            nodeId: 'n',
            data: { sendKey: 'k', channel: 'sms', status: 'failed' },
          },
        ],
      },
      'm',
    );
    expect(requested).toMatchObject({ sendKey: 'k', channel: 'sms' });
    expect(requested.status).toBeUndefined();
    expect(status).toMatchObject({ sendKey: 'k', channel: 'sms', status: 'failed' });
  });
});
