/**
 * The baseline: a throwaway Strapi 5.54 app generated at bench time in a temporary
 * directory, using this project's node_modules (symlinked), with one draft & publish
 * collection type and no plugin of ours. Its built-in webhooks are the thing we compare with.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'bench-baseline', private: true, version: '0.0.0', dependencies: { '@strapi/strapi': '5.54.0' }, strapi: { telemetryDisabled: true } }, null, 2),
  'config/server.js': `module.exports = ({ env }) => ({ host: '127.0.0.1', port: 0, app: { keys: env.array('APP_KEYS') }, logger: { updates: { enabled: false }, startup: { enabled: false } } });\n`,
  'config/admin.js': `module.exports = ({ env }) => ({ auth: { secret: env('ADMIN_JWT_SECRET') }, apiToken: { salt: env('API_TOKEN_SALT') }, transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } }, secrets: { encryptionKey: env('ENCRYPTION_KEY') }, flags: { nps: false, promoteEE: false }, autoOpen: false });\n`,
  'config/database.js': `const path = require('path');\nmodule.exports = ({ env }) => ({ connection: { client: 'sqlite', connection: { filename: path.join(__dirname, '..', '.tmp', 'data.db') }, useNullAsDefault: true } });\n`,
  'config/middlewares.js': `module.exports = ['strapi::logger', 'strapi::errors', 'strapi::security', 'strapi::cors', 'strapi::poweredBy', 'strapi::query', 'strapi::body', 'strapi::session', 'strapi::favicon', 'strapi::public'];\n`,
  'src/index.js': 'module.exports = { register() {}, bootstrap() {} };\n',
  'src/api/article/content-types/article/schema.json': JSON.stringify(
    {
      kind: 'collectionType',
      collectionName: 'articles',
      info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
      options: { draftAndPublish: true },
      attributes: {
        title: { type: 'string', required: true },
        summary: { type: 'text' },
        body: { type: 'richtext' },
        category: { type: 'string' },
        kind: { type: 'string' },
        issuer: { type: 'string' },
        documentNumber: { type: 'string' },
        issuedAt: { type: 'datetime' },
        effectiveAt: { type: 'date' },
      },
    },
    null,
    2
  ),
};

/** Writes the app; returns its directory (remove it with fs.rmSync when done). */
export function generateBaselineApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syn-bench-baseline-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  fs.mkdirSync(path.join(dir, '.tmp'));
  fs.mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}
