/**
 * Runs the channel worker in a child process, so that the crash test can SIGKILL it for real.
 * TypeScript is transpiled on the fly with swc (as jest does) and @kalcifer/* packages resolve
 * to their sources. Configuration comes from the environment; "ready" is sent once it consumes.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../..');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const pkg = /^@kalcifer\/(platform|contracts|journey|templates)$/.exec(request);
  const target = pkg ? path.join(root, 'packages', pkg[1], 'src', 'index.ts') : request;
  return resolveFilename.call(this, target, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

require('../src/app')
  .bootstrap()
  .then(() => process.send?.('ready'))
  .catch((err) => {
    process.stderr.write(`worker failed to start: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
