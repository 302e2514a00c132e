/**
 * The audit log: who did what to the syndication, when, from which address, and for
 * configuration changes what it was before and after. Append-only: rows are only ever
 * inserted (through `record`), no route updates or deletes them, the Content Manager
 * does not show the type, and the database itself refuses UPDATE and DELETE on the
 * table (triggers installed by `ensureAppendOnly`, on SQLite and PostgreSQL).
 *
 * Call `record` from any controller or service that changes something:
 *
 *   await getService('audit', strapi).record({ action: 'portal.pause', target: { type: 'portal', id: code }, before, after });
 *
 * The actor and address come from the current request (Strapi's request context): the
 * admin user, the API token's name, or `system` outside a request. Pass `actor` to name
 * another one (a portal's signed callback).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TABLE, UID, type AuditActorType } from '../constants';
import type { DocumentCall } from '../middlewares/document-pipeline';
import { toCsv } from '../domain/csv';
import { toApi as portalToApi, type PortalRow } from './portal';


export interface AuditActor {
  type: AuditActorType;
  id?: string | null;
  name: string;
}

export interface AuditInput {
  /** Dotted verb, e.g. item.publish, delivery.approve, portal.update, portal.secret.rotate. */
  action: string;
  target?: { type: string; id: string | number | null };
  before?: unknown;
  after?: unknown;
  details?: unknown;
  /** Defaults to the caller of the current request. */
  actor?: AuditActor;
  /** Defaults to the current request (strapi.requestContext). */
  ctx?: AuditRequest;
}

/** What the audit log reads of a request (a Koa context): who calls, from which address. */
export interface AuditRequest {
  state?: {
    /** The admin user (admin routes). */
    user?: { id?: number | string; email?: string | null; firstname?: string | null; lastname?: string | null };
    /** Strapi's authentication: the strategy and, for the token strategies, the token row. */
    auth?: { strategy?: { name?: string }; credentials?: { id?: number | string | null; name?: string | null } | null };
  };
  request?: { ip?: string; headers?: Record<string, string | string[] | undefined> };
}

/** A row of the audit table, as knex reads it. */
interface AuditLogRow {
  id: number | string;
  at: Date | string | number;
  actor_type: AuditActorType;
  actor_id: string | null;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON: text on SQLite, parsed on PostgreSQL. */
  before: unknown;
  after: unknown;
  details: unknown;
}

export interface AuditFilters {
  action?: string;
  actor?: string;
  actorType?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** The actions the hub records (documented in README, "Audit log"). */
export const AUDIT_ACTIONS = [
  'item.create',
  'item.edit',
  'item.publish',
  'item.withdraw',
  'item.delete',
  'delivery.approve',
  'delivery.reject',
  'delivery.retry',
  'portal.create',
  'portal.update',
  'portal.pause',
  'portal.resume',
  'portal.secret.rotate',
  'calendar.update',
  'category-rule.update',
] as const;

/** Who is calling, from a Koa context: an admin user, an API token, or nobody (system). */
export function actorOf(ctx: AuditRequest | null | undefined): AuditActor {
  const user = ctx?.state?.user;
  if (user?.email) {
    const name = [user.firstname, user.lastname].filter(Boolean).join(' ');
    return { type: 'admin', id: String(user.id), name: (name ? `${name} <${user.email}>` : user.email).slice(0, 255) };
  }
  const auth = ctx?.state?.auth;
  // Strapi's token strategies (content-api-token, admin-token) put the token row in `credentials`.
  if (auth?.credentials && /token/.test(String(auth.strategy?.name ?? ''))) {
    const token = auth?.credentials ?? {};
    return { type: 'api-token', id: token.id != null ? String(token.id) : null, name: `API token "${token.name ?? token.id ?? '?'}"`.slice(0, 255) };
  }
  return { type: 'system', id: null, name: 'system' };
}

/** Drops what must never be logged (secrets) and bounds the size of a snapshot. */
function scrub(value: unknown): unknown {
  if (value == null) return null;
  const json = JSON.stringify(value, (k, v) => (/secret/i.test(k) && typeof v === 'string' ? '[redacted]' : v));
  if (json === undefined) return null;
  return json.length > 20000 ? { truncated: true, excerpt: json.slice(0, 20000) } : JSON.parse(json);
}

const parseJson = (v: unknown) => {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};

export function auditToApi(r: AuditLogRow) {
  return {
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id ?? null,
    actor: r.actor,
    action: r.action,
    targetType: r.target_type ?? null,
    targetId: r.target_id ?? null,
    ip: r.ip ?? null,
    userAgent: r.user_agent ?? null,
    before: parseJson(r.before),
    after: parseJson(r.after),
    details: parseJson(r.details),
  };
}

const audit = ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => strapi.db.connection(TABLE.auditLog);

  function where<Q extends Knex.QueryBuilder>(q: Q, f: AuditFilters): Q {
    if (f.action) q.where('action', 'like', `${f.action.replace(/[%_\\]/g, '')}%`); // "portal." matches every portal action
    if (f.actorType) q.where('actor_type', f.actorType);
    if (f.actor) q.whereRaw('lower(actor) like ?', [`%${f.actor.toLowerCase().replace(/[%_\\]/g, '')}%`]);
    if (f.targetType) q.where('target_type', f.targetType);
    if (f.targetId) q.where('target_id', f.targetId);
    if (f.from) q.where('at', '>=', f.from);
    if (f.to) q.where('at', '<', f.to);
    return q;
  }

  return {
    actorOf,

    /**
     * Appends one entry. Written through Strapi's query layer, so inside a transaction
     * (a publish and its fan-out) it commits or rolls back with the change it records.
     * Never throws: an audit failure is logged loudly but does not undo the action.
     */
    async record(input: AuditInput): Promise<void> {
      const ctx = input.ctx ?? strapi.requestContext.get();
      const actor = input.actor ?? actorOf(ctx);
      try {
        await strapi.db.query(UID.auditEntry).create({
          data: {
            at: new Date(),
            actorType: actor.type,
            actorId: actor.id ?? null,
            actor: actor.name,
            action: input.action,
            targetType: input.target?.type ?? null,
            targetId: input.target?.id != null ? String(input.target.id).slice(0, 128) : null,
            ip: ctx?.request?.ip ? String(ctx.request.ip).slice(0, 64) : null,
            userAgent: ctx?.request?.headers?.['user-agent'] ? String(ctx.request.headers['user-agent']).slice(0, 255) : null,
            before: scrub(input.before),
            after: scrub(input.after),
            details: scrub(input.details),
          },
        });
      } catch (e) {
        strapi.log.error(`[syndication] audit: could not record ${input.action} by ${actor.name}: ${(e as Error).message}`);
      }
    },

    /**
     * One entry per portal write, named by what changed: created, paused, resumed or updated,
     * with the configuration before and after (health and secrets left out).
     */
    async portalChange(code: string, before: PortalRow | null, after: PortalRow, opts: { secretGiven?: boolean; details?: unknown; actor?: AuditActor; ctx?: any } = {}): Promise<void> {
      const snapshot = (p: PortalRow | null) => {
        if (!p) return null;
        const { health: _h, updatedAt: _u, ...config } = portalToApi(p);
        return config;
      };
      const action = !before ? 'portal.create' : before.active && !after.active ? 'portal.pause' : !before.active && after.active ? 'portal.resume' : 'portal.update';
      const who = { actor: opts.actor, ctx: opts.ctx };
      await this.record({ action, target: { type: 'portal', id: code }, before: snapshot(before), after: snapshot(after), details: opts.details, ...who });
      if (before && opts.secretGiven) await this.record({ action: 'portal.secret.rotate', target: { type: 'portal', id: code }, details: { given: true }, ...who });
    },

    async list(f: AuditFilters, page: number, pageSize: number) {
      const [{ n }] = await where(table().count({ n: '*' }), f);
      const rows = await where(table().select('*'), f)
        .orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }])
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const total = Number(n);
      return { data: rows.map(auditToApi), meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } } };
    },

    /** CSV of the filtered entries, newest first, at most `limit` rows. */
    async exportCsv(f: AuditFilters, limit = 50000): Promise<string> {
      const rows: Record<string, unknown>[] = (await where(table().select('*'), f).orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit)).map(auditToApi);
      const header = ['id', 'at', 'actorType', 'actor', 'action', 'targetType', 'targetId', 'ip', 'before', 'after', 'details'];
      return toCsv([header, ...rows.map((r) => header.map((h) => (r[h] !== null && typeof r[h] === 'object' ? JSON.stringify(r[h]) : r[h])))]);
    },

    /** Database-level append-only guarantee: UPDATE and DELETE on the table raise an error. */
    async ensureAppendOnly(): Promise<void> {
      const knex = strapi.db.connection;
      const t = TABLE.auditLog;
      if (strapi.db.dialect.client === 'sqlite') {
        for (const op of ['UPDATE', 'DELETE']) {
          await knex.raw(`CREATE TRIGGER IF NOT EXISTS ${t}_no_${op.toLowerCase()} BEFORE ${op} ON ${t} BEGIN SELECT RAISE(ABORT, 'syndication audit log is append-only'); END`);
        }
      } else if (strapi.db.dialect.client === 'postgres') {
        await knex.raw(`CREATE OR REPLACE FUNCTION ${t}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'syndication audit log is append-only'; END $$`);
        await knex.raw(`DROP TRIGGER IF EXISTS ${t}_append_only ON ${t}`);
        await knex.raw(`CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION ${t}_append_only()`);
      }
    },

    /**
     * Document Service middleware: every item change, from the Content Manager, the content
     * API or this plugin's API, passes here once (see register.ts).
     */
    itemMiddleware() {
      return async (ctx: DocumentCall, next: () => Promise<unknown>): Promise<unknown> => {
        if (ctx.uid !== UID.item) return next();
        const action = itemAction(ctx);
        // The written document; bulk calls answer with their `entries`.
        type Written = { documentId?: string; title?: string };
        const result = (await next()) as (Written & { entries?: Written[] }) | null | undefined;
        if (action) {
          const documentId = ctx.params?.documentId ?? result?.documentId ?? result?.entries?.[0]?.documentId ?? null;
          const title = result?.title ?? ctx.params?.data?.title ?? result?.entries?.[0]?.title;
          await this.record({ action, target: { type: 'item', id: documentId }, details: { title: title ?? null, status: ctx.params?.status ?? null } });
        }
        return result;
      };
    },
  };
};

function itemAction(ctx: DocumentCall): string | null {
  const published = ctx.params?.status === 'published';
  switch (ctx.action) {
    case 'create':
      return published ? 'item.publish' : 'item.create';
    case 'update':
      return 'item.edit';
    case 'publish':
      return 'item.publish';
    case 'unpublish':
      return 'item.withdraw';
    case 'delete':
      return 'item.delete';
    default:
      return null;
  }
}

export type AuditService = typeof audit;
export default audit;
