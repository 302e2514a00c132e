#!/usr/bin/env node
/**
 * A second Strapi process on the same database and Redis as a test's hub (the
 * environment comes from the parent): prints {"url": ...} once listening, stops on SIGTERM.
 * Used to show that settings edited in one process apply in another without a restart.
 */
const path = require('node:path');

async function main() {
  const root = path.resolve(__dirname, '..', '..');
  const { createStrapi } = require('@strapi/strapi');
  const app = await createStrapi({ appDir: root, distDir: path.join(root, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  await app.listen();
  const { port } = app.server.httpServer.address();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
  process.on('SIGTERM', async () => {
    await app.destroy();
    process.exit(0);
  });
}

main().catch((e) => {
  process.stderr.write(`child hub failed: ${e.stack || e.message}\n`);
  process.exit(1);
});
