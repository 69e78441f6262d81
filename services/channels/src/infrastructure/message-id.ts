/**
 * `sendKey@kalcifer` (sent as `<sendKey@kalcifer>`): the same send always carries the same
 * Message-ID, which is how receivers, traces and the Mailpit lookup recognise it.
 */
export function messageIdOf(sendKey: string): string {
  return `${sendKey}@kalcifer`;
}
