/**
 * register: declares what the plugin adds to Strapi before anything runs.
 * The document middleware here is the single entry of the pipeline: the admin panel,
 * the content API and this plugin's own API all write items through the Document
 * Service, so every publish, edit and withdrawal passes through it exactly once
 * (lifecycle hooks would fire twice under draft & publish).
 */
import type { Core } from '@strapi/strapi';
import { UID } from './constants';
import { nfcDeep, vietnameseSlug } from './domain/text';
import { normaliseTargets } from './domain/targets';
import { getService } from './utils';
import { registerCustomFields } from './custom-fields';
import type { DeliveryJob } from './services/fanout';
import { registerPermissions } from './permissions';

type Ctx = { uid: string; action: string; params: any };

/** Unicode NFC on the way in (Decision 96, Art. 4), and a Vietnamese slug for items. */
function normaliseInput(ctx: Ctx) {
  if (!['create', 'update'].includes(ctx.action) || !ctx.params?.data) return;
  const data = nfcDeep(ctx.params.data);
  if (ctx.uid === UID.item) {
    if (data.slug) data.slug = vietnameseSlug(data.slug);
    else if (data.title && ctx.action === 'create') data.slug = vietnameseSlug(data.title);
    if (data.targets !== undefined) data.targets = normaliseTargets(data.targets);
  }
  ctx.params.data = data;
}

/** Which syndication step a document-service call triggers, if any. */
export function syndicationStep(ctx: Ctx): 'publish' | 'withdraw' | null {
  if (ctx.uid !== UID.item) return null;
  if (ctx.action === 'publish') return 'publish';
  if ((ctx.action === 'create' || ctx.action === 'update') && ctx.params?.status === 'published') return 'publish';
  if (ctx.action === 'unpublish' || ctx.action === 'delete') return 'withdraw';
  return null;
}

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Admin actions and the own-portal condition (RBAC); must be known before the admin bootstrap.
  await registerPermissions(strapi);

  registerCustomFields(strapi);
  // Before the pipeline: a publish that breaks a rule (item rules, the category's required
  // fields, an empty target list) is refused before anything is written.
  strapi.documents.use((ctx: any, next: any) => getService('publishPlan', strapi).guard(ctx, next) as any);
  // Audit log: every item change, whichever door it came through (services/audit.ts).
  strapi.documents.use((ctx: any, next) => getService('audit', strapi).itemMiddleware()(ctx, next));

  strapi.documents.use(async (ctx: any, next) => {
    if (ctx.uid !== UID.item && ctx.uid !== UID.portal && ctx.uid !== UID.categoryRule && ctx.uid !== UID.calendarDay) return next();
    normaliseInput(ctx);
    // A rule or calendar day edited in the Content Manager moves open deadlines too.
    if (ctx.uid === UID.categoryRule || ctx.uid === UID.calendarDay) return getService('deadline', strapi).afterSettingsWrite(ctx, next);
    const step = syndicationStep(ctx);
    if (!step) return next();

    // Fan-out runs in the same transaction as the publish: both happen or neither does.
    let jobs: DeliveryJob[] = [];
    return strapi.db.transaction(async ({ trx, onCommit }) => {
      const result: any = await next();
      const documentId = ctx.params?.documentId ?? result?.documentId;
      if (documentId) {
        const fanout = getService('fanout', strapi);
        jobs = step === 'publish' ? await fanout.onPublished(trx as any, documentId) : await fanout.onWithdrawn(trx as any, documentId);
      }
      // Enqueue only once committed; if Redis is down the reconciler takes over.
      onCommit(() => {
        if (jobs.length) void getService('queue', strapi).enqueue(jobs);
      });
      return result;
    });
  });
};
