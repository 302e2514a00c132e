/**
 * Builds the admin panel once for the browser suite (`strapi build` → dist/build) when
 * it is missing or older than the admin sources, and checks Chromium is installed.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const INDEX = path.join(ROOT, 'dist', 'build', 'index.html');
const SOURCES = [path.join(ROOT, 'plugins', 'syndication', 'admin'), path.join(ROOT, 'src', 'admin'), path.join(ROOT, 'plugins', 'syndication', 'package.json'), path.join(ROOT, 'package.json')];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), st.mtimeMs);
}

module.exports = async () => {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) throw new Error(`Chromium not found at ${chromium}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const built = fs.existsSync(INDEX) ? fs.statSync(INDEX).mtimeMs : 0;
  if (built && built >= Math.max(...SOURCES.map(newest))) return;
  const started = Date.now();
  process.stdout.write('\nbrowser suite: building the admin panel (strapi build)…\n');
  execFileSync(process.execPath, [path.join(path.dirname(require.resolve('@strapi/strapi/package.json', { paths: [ROOT] })), 'bin', 'strapi.js'), 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
  });
  process.stdout.write(`browser suite: admin panel built in ${Math.round((Date.now() - started) / 1000)} s\n`);
};
