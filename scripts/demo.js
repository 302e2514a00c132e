#!/usr/bin/env node
/**
 * `npm run demo`: the whole product on embedded defaults, one command.
 *  - SQLite in .tmp/demo.db (kept between runs; delete it to start over);
 *  - Redis: REDIS_URL, else 127.0.0.1:6379, else a private redis-server the hub starts and stops;
 *  - 119 simulated portals on loopback (127.0.0.1:4100+), a few with faults that heal;
 *  - a demo administrator and a sample published item on first run.
 * Ctrl-C stops the hub, the simulated portals and any Redis it started.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const env = {
  ...process.env,
  SYNDICATION_DEMO: 'true',
  DATABASE_CLIENT: 'sqlite',
  DATABASE_FILENAME: process.env.DATABASE_FILENAME || '.tmp/demo.db',
  SYNDICATION_RETRY_SCHEDULE: process.env.SYNDICATION_RETRY_SCHEDULE || '2,4,8,15,30,60,120,300',
  SYNDICATION_REQUEST_TIMEOUT_MS: process.env.SYNDICATION_REQUEST_TIMEOUT_MS || '5000',
  STRAPI_TELEMETRY_DISABLED: 'true',
  BROWSER: 'none',
};

const banner = () => {
  const url = `http://localhost:${env.PORT || 1337}/admin`;
  console.log(`\n  Admin panel / Trang quản trị: ${url}`);
  console.log('  Login / Đăng nhập: admin@demo.bacninh.local  /  DemoBacNinh2025!');
  console.log('  Content Manager → "Phân phối (Delivery)" is listed per item through the API:');
  console.log(`  curl -H "Authorization: Bearer <token>" http://localhost:${env.PORT || 1337}/api/syndication/portals\n`);
};

// `strapi develop` builds the admin panel (about 30 s the first time) and serves it.
const child = spawn(process.execPath, [path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'develop', '--no-watch-admin', '--no-install-deps'], {
  cwd: root,
  env,
  stdio: ['inherit', 'pipe', 'inherit'],
});
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (/Strapi started successfully/.test(chunk.toString())) banner();
});
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
