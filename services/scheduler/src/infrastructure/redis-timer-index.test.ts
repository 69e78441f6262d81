import { decodeMember, encodeMember } from './redis-timer-index';

describe('timer index members', () => {
  it('carry workspace, instance and timer id through ids with any characters', () => {
    const ref = { workspaceId: 'ws-1', instanceId: 'inst "a" b', timerId: 'timer:with spaces\nand "quotes"' };
    expect(decodeMember(encodeMember(ref))).toEqual(ref);
  });
});
