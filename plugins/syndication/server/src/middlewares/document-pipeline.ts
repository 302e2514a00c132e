/**
 * The document-service middleware that is the single entry of the delivery pipeline:
 * the admin panel, the content API and this plugin's own API all write items through
 * the Document Service, so every publish, edit and withdrawal passes through here
 * exactly once (lifecycle hooks would fire twice under draft & publish).
 *
 *   normalise input (NFC, Vietnamese slug, targets) → the write → fan-out in the same
 *   transaction → enqueue after commit
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../constants';
import { normaliseTargets } from '../domain/targets';
import { nfcDeep, vietnameseSlug } from '../domain/text';
import { getService } from '../utils';
import type { DeliveryJob } from '../services/fanout';

/** What this middleware reads of a document-service call. */
export interface DocumentCall {
  uid: string;
  action: string;
  params?: { data?: Record<string, unknown>; documentId?: string; status?: string } & Record<string, unknown>;
}

type Next = () => Promise<unknown>;

/** Unicode NFC on the way in (Decision 96, Art. 4), and a Vietnamese slug for items. */
export function normaliseInput(ctx: DocumentCall): void {
  if (!['create', 'update'].includes(ctx.action) || !ctx.params?.data) return;
  const data = nfcDeep(ctx.params.data);
  if (ctx.uid === UID.item) {
    if (typeof data.slug === 'string' && data.slug) data.slug = vietnameseSlug(data.slug);
    else if (typeof data.title === 'string' && data.title && ctx.action === 'create') data.slug = vietnameseSlug(data.title);
    if (data.targets !== undefined) data.targets = normaliseTargets(data.targets);
  }
  ctx.params.data = data;
}

/** Which syndication step a document-service call triggers, if any. */
export function syndicationStep(ctx: DocumentCall): 'publish' | 'withdraw' | null {
  if (ctx.uid !== UID.item) return null;
  if (ctx.action === 'publish') return 'publish';
  if ((ctx.action === 'create' || ctx.action === 'update') && ctx.params?.status === 'published') return 'publish';
  if (ctx.action === 'unpublish' || ctx.action === 'delete') return 'withdraw';
  return null;
}

const NORMALISED = new Set<string>([UID.item, UID.portal, UID.categoryRule, UID.calendarDay]);

export function documentPipeline(strapi: Core.Strapi) {
  return async (ctx: DocumentCall, next: Next): Promise<unknown> => {
    if (!NORMALISED.has(ctx.uid)) return next();
    normaliseInput(ctx);
    // A rule or calendar day edited in the Content Manager moves open deadlines too.
    if (ctx.uid === UID.categoryRule || ctx.uid === UID.calendarDay) return getService('deadline', strapi).afterSettingsWrite(ctx, next);
    const step = syndicationStep(ctx);
    if (!step) return next();

    // Fan-out runs in the same transaction as the publish: both happen or neither does.
    let jobs: DeliveryJob[] = [];
    return strapi.db.transaction(async ({ trx, onCommit }) => {
      const result = (await next()) as { documentId?: string } | null | undefined;
      const documentId = ctx.params?.documentId ?? result?.documentId;
      if (documentId) {
        const fanout = getService('fanout', strapi);
        const knexTrx = trx as unknown as Knex;
        jobs = step === 'publish' ? await fanout.onPublished(knexTrx, documentId) : await fanout.onWithdrawn(knexTrx, documentId);
      }
      // Enqueue only once committed; if Redis is down the reconciler takes over.
      onCommit(() => {
        if (jobs.length) void getService('queue', strapi).enqueue(jobs);
      });
      return result;
    });
  };
}
