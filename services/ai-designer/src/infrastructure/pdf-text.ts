/**
 * Text of a PDF through pdf-parse, in a worker thread: pdf.js is a large parser that can spin on
 * a hostile file, so it runs off the service's event loop with a deadline. (It also loads its own
 * worker module by dynamic import, which needs a plain Node context.)
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.modulePath);
(async () => {
  const parser = new PDFParse({ data: new Uint8Array(workerData.data) });
  try {
    const { text } = await parser.getText();
    parentPort.postMessage({ text });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
})();
`;

export function pdfText(data: Buffer, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { modulePath: require.resolve('pdf-parse'), data: new Uint8Array(data) },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`reading the PDF took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    worker.once('message', (message: { text?: string; error?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.text ?? '');
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
