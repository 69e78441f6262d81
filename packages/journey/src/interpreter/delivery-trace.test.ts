import { deliveryTrace } from './handle-signal';

describe('the trace of a delivery status', () => {
  it("keeps the send's channel, so that the journal can count failures per channel", () => {
    const trace = deliveryTrace({
      kind: 'delivery_status',
      id: 'delivery:k1:failed',
      sendKey: 'k1',
      nodeId: 'text',
      status: 'failed',
      channel: 'sms',
      detail: 'provider answered 503',
    });
    expect(trace).toEqual({
      nodeId: 'text',
      message: 'delivery failed: provider answered 503',
      data: { sendKey: 'k1', status: 'failed', channel: 'sms', detail: 'provider answered 503' },
    });
  });

  it('leaves the channel out of a status that came without one (older messages)', () => {
    const trace = deliveryTrace({
      kind: 'delivery_status',
      id: 'd',
      sendKey: 'k2',
      nodeId: 'n',
      status: 'sent',
    });
    expect(trace.data).not.toHaveProperty('channel');
  });
});
