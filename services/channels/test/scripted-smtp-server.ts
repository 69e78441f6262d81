/**
 * A small SMTP server that answers as scripted, to reproduce what Mailpit never does: a relay
 * that rejects (5xx), defers (4xx) or drops the connection after the message was transmitted.
 * It speaks real SMTP over a real socket to the worker's nodemailer transport.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** Cuts the connection instead of answering. */
export const DROP = Symbol('drop');
/** Never answers (a relay that stalls after taking the message). */
export const HOLD = Symbol('hold');

/** The reply to the end of DATA for the n-th message (1-based), or DROP, or HOLD. */
export type DataReply = (n: number) => string | typeof DROP | typeof HOLD;

export interface ScriptedSmtpServer {
  url: string;
  /** Messages fully transmitted (up to the final dot), whatever the reply. */
  transmitted: string[];
  close(): Promise<void>;
}

export async function startScriptedSmtpServer(reply: DataReply): Promise<ScriptedSmtpServer> {
  const transmitted: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let inData = false;
    const say = (line: string) => socket.write(`${line}\r\n`);
    say('220 scripted ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          transmitted.push(message);
          const answer = reply(transmitted.length);
          if (answer === DROP) {
            socket.destroy();
            return;
          }
          if (answer === HOLD) return;
          say(answer);
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.split(/[\s:]/)[0].toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') say('250 scripted');
        else if (verb === 'DATA') {
          inData = true;
          say('354 go ahead');
        } else if (verb === 'QUIT') {
          say('221 bye');
          socket.end();
        } else say('250 OK');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    transmitted,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
