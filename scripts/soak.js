#!/usr/bin/env node
/**
 * `npm run soak [-- --minutes N]` (default 30): the long-running reliability test in
 * tests/soak/soak.test.ts, against the simulator, a private Redis and a worker process.
 * Figures go to the console and tests/.reports/soak.json (record them in docs/RELIABILITY.md).
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const args = process.argv.slice(2);
const i = args.indexOf('--minutes');
const minutes = i >= 0 ? Number(args[i + 1]) : Number(process.env.SOAK_MINUTES || 30);
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error('usage: npm run soak -- --minutes N');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', 'tests/jest.config.js', '--selectProjects', 'soak', ...args.filter((a, k) => k !== i && k !== i + 1)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SOAK_MINUTES: String(minutes), SOAK_TIMEOUT_MS: String((minutes + 15) * 60000) },
});
process.exit(r.status ?? 1);
