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
// Without SMTP settings the e-mails the hub would send are written here as .eml files.
const mailOutbox = process.env.SMTP_HOST ? null : process.env.SYNDICATION_MAIL_OUTBOX || '.tmp/demo-mail';
if (mailOutbox) env.SYNDICATION_MAIL_OUTBOX = mailOutbox;

const banner = () => {
  const url = `http://localhost:${env.PORT || 1337}/admin`;
  console.log(`\n  Admin panel / Trang quản trị: ${url}`);
  console.log('  Login / Đăng nhập: admin@demo.bacninh.local  /  DemoBacNinh2025!');
  console.log('  Commune editor / Biên tập viên cổng xã (Hộp duyệt): bientap.xa@demo.bacninh.local  /  DemoBacNinh2025!');
  console.log(`  Screens / Màn hình: ${url}/plugins/syndication (Tổng quan, Hộp duyệt, Lỗi gửi, Cổng thành phần)`);
  if (mailOutbox) console.log(`  E-mails it would send / Thư sẽ gửi (.eml): ${path.resolve(root, mailOutbox)}`);
  console.log('  Content Manager → "Phân phối (Delivery)" is listed per item through the API:');
  console.log(`  curl -H "Authorization: Bearer <token>" http://localhost:${env.PORT || 1337}/api/syndication/portals\n`);
};

// `strapi develop` builds the admin panel (about 30 s the first time) and serves it.
// It runs in its own process group (a cluster primary, the Strapi process and, if it
// started one, a private redis-server), so that one Ctrl-C reaches it once, from here,
// and so that we can check that all of it is gone before we exit.
const child = spawn(process.execPath, [path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'develop', '--no-watch-admin', '--no-install-deps'], {
  cwd: root,
  env,
  // Not the terminal's stdin: a process outside the foreground group must not read it.
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
});
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (/Strapi started successfully/.test(chunk.toString())) banner();
});

const groupAlive = () => {
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};
const signalGroup = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};

// The hub stops within the shutdown grace plus ~3 s even with Redis gone (the plugin
// bounds every step); past grace + 5 s whatever is left of the group is killed.
const grace = Number(process.env.SYNDICATION_SHUTDOWN_GRACE_MS || 15000);
let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n  ${signal}: stopping the demo (at most ${Math.round((grace + 5000) / 1000)} s)…`);
  signalGroup(signal);
  setTimeout(() => {
    if (!groupAlive()) return;
    console.log('  The hub did not stop in time: killing it.');
    signalGroup('SIGKILL');
  }, grace + 5000).unref();
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

child.on('exit', (code, signal) => {
  // The cluster primary is gone; wait for the rest of its group (the Strapi process, a private Redis).
  const started = Date.now();
  const timer = setInterval(() => {
    if (groupAlive() && Date.now() - started < grace + 5000) return;
    if (groupAlive()) signalGroup('SIGKILL');
    clearInterval(timer);
    process.exit(stopping ? 0 : code ?? (signal ? 0 : 1));
  }, 100);
});
