/**
 * register: declares what the plugin adds to Strapi before anything runs: permissions,
 * custom fields and the document-service middlewares (middlewares/document-pipeline.ts
 * is the single entry of the delivery pipeline).
 */
import type { Core } from '@strapi/strapi';
import { getService } from './utils';
import { registerCustomFields } from './custom-fields';
import { documentPipeline } from './middlewares/document-pipeline';
import { registerPermissions } from './permissions';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Admin actions and the own-portal condition (RBAC); must be known before the admin bootstrap.
  await registerPermissions(strapi);

  registerCustomFields(strapi);
  // Before the pipeline: a publish that breaks a rule (item rules, the category's required
  // fields, an empty target list) is refused before anything is written.
  strapi.documents.use((ctx: any, next: any) => getService('publishPlan', strapi).guard(ctx, next) as any);
  // Audit log: every item change, whichever door it came through (services/audit.ts).
  strapi.documents.use((ctx: any, next) => getService('audit', strapi).itemMiddleware()(ctx, next));

  // The delivery pipeline: normalise, write, fan out in the same transaction, enqueue after commit.
  strapi.documents.use(documentPipeline(strapi) as Parameters<typeof strapi.documents.use>[0]);
};
