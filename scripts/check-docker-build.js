#!/usr/bin/env node
/**
 * CI check of the Dockerfile where Docker is not available: reads the Dockerfile, checks
 * its shape (multi-stage, runs as a non-root user, no secret in ENV/ARG), then performs
 * the build stage's RUN commands here, in production mode and with every secret removed
 * from the environment — the point being that an image builds without secrets.
 * `npm ci` and `npm prune` are skipped: CI has just installed the same lockfile, and
 * pruning would remove the test tools the next CI steps need.
 * Writes a Jest-like report (numPassedTests / numFailedTests) for .ci/run's summary.
 *   node scripts/check-docker-build.js [--report tests/.reports/docker-build.json] [--static]
 */
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const reportFile = args.includes('--report') ? args[args.indexOf('--report') + 1] : null;
const staticOnly = args.includes('--static');
const SECRET = /SECRET|SALT|KEYS?\b|PASSWORD|TOKEN/i;

const results = [];
const check = (name, fn) => {
  try {
    fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name}`);
  } catch (e) {
    results.push({ name, ok: false, error: e.message });
    console.log(`  ✕ ${name}: ${e.message}`);
  }
};

const lines = fs
  .readFileSync(path.join(root, 'Dockerfile'), 'utf8')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = [];
for (const l of lines) {
  if (/^FROM\s/i.test(l)) stages.push({ from: l, lines: [] });
  else if (stages.length) stages[stages.length - 1].lines.push(l);
}
const final = stages[stages.length - 1];

console.log('Dockerfile check');
check('multi-stage (a build stage and a runtime stage)', () => {
  if (stages.length < 2) throw new Error(`${stages.length} stage(s)`);
});
check('the runtime stage runs as a non-root user', () => {
  const user = final.lines.filter((l) => /^USER\s/i.test(l)).pop();
  if (!user || /^USER\s+(root|0)(\s|:|$)/i.test(user)) throw new Error(user || 'no USER');
});
check('no secret is baked in (ENV/ARG)', () => {
  const bad = lines.filter((l) => /^(ENV|ARG)\s/i.test(l) && l.split(/\s+/).slice(1).some((kv) => SECRET.test(kv.split('=')[0])));
  if (bad.length) throw new Error(bad.join(' | '));
});

if (!staticOnly) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (SECRET.test(k) || /^APP_KEYS$|^ENCRYPTION_KEY$/.test(k)) delete env[k];
  for (const l of stages[0].lines.filter((x) => /^ENV\s/i.test(x))) {
    for (const kv of l.replace(/^ENV\s+/i, '').split(/\s+/)) {
      const [k, v] = kv.split('=');
      if (k && v !== undefined) env[k] = v;
    }
  }
  env.NODE_ENV = 'production';
  const runs = stages[0].lines.filter((l) => /^RUN\s/i.test(l)).map((l) => l.replace(/^RUN\s+/i, ''));
  for (const cmd of runs) {
    if (/^npm (ci|prune)\b/.test(cmd)) {
      console.log(`  - skipped (CI installed the same lockfile): ${cmd}`);
      continue;
    }
    check(`RUN ${cmd} (NODE_ENV=production, no secrets)`, () => {
      execSync(cmd, { cwd: root, env, stdio: 'inherit' });
    });
  }
}

const failed = results.filter((r) => !r.ok).length;
const passed = results.length - failed;
console.log(`docker build check: ${passed} passed, ${failed} failed`);
if (reportFile) {
  fs.mkdirSync(path.dirname(path.resolve(root, reportFile)), { recursive: true });
  fs.writeFileSync(path.resolve(root, reportFile), JSON.stringify({ numPassedTests: passed, numFailedTests: failed, numRuntimeErrorTestSuites: 0, results }, null, 2));
}
process.exit(failed ? 1 : 0);
