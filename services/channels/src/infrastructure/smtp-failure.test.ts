import { classifySmtpFailure } from './smtp-failure';

// Shapes of the errors nodemailer 7 raises (see smtp-connection/index.js).
describe('classifySmtpFailure', () => {
  it('retries what the server deferred (4xx) and fails what it rejected (5xx)', () => {
    expect(classifySmtpFailure({ code: 'EMESSAGE', command: 'DATA', responseCode: 451 })).toBe('retryable');
    expect(classifySmtpFailure({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 452 })).toBe(
      'retryable',
    );
    expect(classifySmtpFailure({ code: 'ECONNECTION', command: 'EHLO', responseCode: 421 })).toBe(
      'retryable',
    );
    expect(classifySmtpFailure({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550 })).toBe(
      'permanent',
    );
    expect(classifySmtpFailure({ code: 'EMESSAGE', command: 'DATA', responseCode: 554 })).toBe('permanent');
    expect(classifySmtpFailure({ code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535 })).toBe(
      'permanent',
    );
  });

  it('retries failures before the transaction began: refused, unresolvable, connect or greeting timeout', () => {
    expect(classifySmtpFailure({ code: 'ESOCKET', command: 'CONN', syscall: 'connect' })).toBe('retryable');
    expect(classifySmtpFailure({ code: 'EDNS', command: 'CONN' })).toBe('retryable');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT', command: 'CONN', message: 'Connection timeout' })).toBe(
      'retryable',
    );
    expect(
      classifySmtpFailure({ code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' }),
    ).toBe('retryable');
    expect(classifySmtpFailure({ code: 'ECONNECTION', command: 'API' })).toBe('retryable');
  });

  it('fails at once what nodemailer refused to send (no recipient, invalid sender)', () => {
    expect(classifySmtpFailure({ code: 'EENVELOPE', command: 'API', message: 'No recipients defined' })).toBe(
      'permanent',
    );
    expect(classifySmtpFailure({ code: 'EMESSAGE', command: 'API', message: 'Empty message' })).toBe(
      'permanent',
    );
  });

  it('treats a connection lost or stalled mid-session as an unknown outcome, never as retryable', () => {
    expect(
      classifySmtpFailure({
        code: 'ECONNECTION',
        command: 'CONN',
        message: 'Connection closed unexpectedly',
      }),
    ).toBe('ambiguous');
    expect(classifySmtpFailure({ code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' })).toBe('ambiguous');
    expect(classifySmtpFailure({ code: 'ESOCKET', command: 'CONN', message: 'read ECONNRESET' })).toBe(
      'ambiguous',
    );
    expect(classifySmtpFailure(new Error('something else'))).toBe('ambiguous');
  });
});
