/**
 * Lets plain `node` run the benchmark's TypeScript (and the test helpers it reuses)
 * with the same SWC transform jest uses, without a build step or build output.
 * Loaded with `node -r ./tests/bench/lib/register-ts.js`.
 */
const fs = require('node:fs');
const swc = require('@swc/core');

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
