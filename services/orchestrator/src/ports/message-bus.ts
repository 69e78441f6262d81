import type { OutgoingMessage } from '@kalcifer/platform';

export interface MessageBus {
  publish(messages: OutgoingMessage[]): Promise<void>;
}

export const MESSAGE_BUS = Symbol('MessageBus');
