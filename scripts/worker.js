#!/usr/bin/env node
/**
 * `npm run worker`: a delivery worker as its own process. It shares Redis and the
 * database with the hub (same environment variables) and serves no HTTP. Start as
 * many as the portals' load needs, on this machine or others; run the hub with
 * SYNDICATION_EMBEDDED_WORKER=false to keep delivery out of the web process.
 */
const path = require('node:path');

process.env.SYNDICATION_EMBEDDED_WORKER = 'true';
// Seeding is the hub's job; a worker only delivers.
process.env.SYNDICATION_SEED_REGISTRY = process.env.SYNDICATION_SEED_REGISTRY || 'false';
process.env.STRAPI_TELEMETRY_DISABLED = 'true';

async function main() {
  const root = path.resolve(__dirname, '..');
  const { createStrapi } = require('@strapi/strapi');
  const app = await createStrapi({ appDir: root, distDir: path.join(root, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  app.log.info(`[syndication] worker ${process.pid} ready`);
  // SIGTERM / SIGINT: Strapi's own handler (installed by createStrapi) runs app.destroy()
  // and exits; the plugin bounds every step of it and arms a watchdog, so the worker stops
  // within SYNDICATION_SHUTDOWN_GRACE_MS plus a few seconds even if Redis is unreachable.
  // A second handler here would run destroy twice, the second one not waiting for the
  // attempts in flight.
}

main().catch((e) => {
  console.error(`[syndication] worker failed to start: ${e.message}`);
  process.exit(1);
});
