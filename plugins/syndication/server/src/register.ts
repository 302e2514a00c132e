/**
 * register: declares what the plugin adds to Strapi before anything runs: permissions,
 * custom fields and the document-service middlewares (middlewares/document-pipeline.ts
 * is the single entry of the delivery pipeline).
 */
import type { Core } from '@strapi/strapi';
import { getService } from './utils';
import { registerCustomFields } from './custom-fields';
import { documentPipeline, type DocumentCall } from './middlewares/document-pipeline';
import { registerPermissions } from './permissions';

/** Strapi's type for a document-service middleware. */
type DocumentMiddleware = Parameters<Core.Strapi['documents']['use']>[0];
/**
 * The plugin's middlewares read only what DocumentCall names and answer with what `next`
 * answered: they fit Strapi's type, which spells out every action's parameters and result.
 */
const asDocumentMiddleware = (m: (ctx: DocumentCall, next: () => Promise<unknown>) => Promise<unknown>) => m as DocumentMiddleware;

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Admin actions and the own-portal condition (RBAC); must be known before the admin bootstrap.
  await registerPermissions(strapi);

  registerCustomFields(strapi);
  // Before the pipeline: a publish that breaks a rule (item rules, the category's required
  // fields, an empty target list) is refused before anything is written.
  strapi.documents.use(asDocumentMiddleware((ctx, next) => getService('publishPlan', strapi).guard(ctx, next)));
  // Audit log: every item change, whichever door it came through (services/audit.ts).
  strapi.documents.use(asDocumentMiddleware((ctx, next) => getService('audit', strapi).itemMiddleware()(ctx, next)));

  // The delivery pipeline: normalise, write, fan out in the same transaction, enqueue after commit.
  strapi.documents.use(asDocumentMiddleware(documentPipeline(strapi)));
};
