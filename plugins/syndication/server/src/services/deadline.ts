/**
 * Delivery deadlines (Decision 96, Art. 8): computed from the item's triggering date
 * (`issuedAt`), its category's rule for the recipient and the working-day calendar,
 * and recomputed for open deliveries whenever one of those changes — an item edit,
 * a rule edit or a calendar edit. Also the on-time verdict the API and reports use.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { DELIVERY_STATUS } from '../constants';
import { computeDeadline } from '../domain/decision-96';
import type { WorkingCalendar } from '../domain/working-days';
import { getService } from '../utils';
import type { CategoryRuleRow } from './category-rule';
import type { PortalRow } from './portal';

export interface DeadlineContext {
  rules: Map<string, CategoryRuleRow>;
  calendar: WorkingCalendar;
  portals: PortalRow[];
}

/** The item fields a deadline depends on. */
export interface DeadlineItem {
  category: string;
  issuedAt?: string | Date | null;
  issuerPortal?: string | null;
}

/** Closed without ever going live: no deadline to keep. */
const NOT_OWED: readonly string[] = [DELIVERY_STATUS.withdrawn, DELIVERY_STATUS.rejected];
const notOwed = (status: string | undefined) => status !== undefined && NOT_OWED.includes(status);

/** What the deadline verdicts read of a delivery (column names; dates as Date or text). */
export interface DeadlineRow {
  deadline_at?: unknown;
  portal_published_at?: unknown;
  status?: string;
}

/** Still owed to the portal: not yet live there and neither withdrawn nor refused by its board. */
export const isOpenRow = (r: DeadlineRow) => r.portal_published_at == null && !notOwed(r.status);

/**
 * On time = live on the portal (delivered in live mode, or approved/published after
 * review) by the deadline. true / false once decided; null while open and not yet due.
 * A delivery still not live after its deadline is late (overdue) already.
 */
export function onTime(r: DeadlineRow, now = Date.now()): boolean | null {
  const deadline = r.deadline_at == null ? null : new Date(r.deadline_at as string).getTime();
  if (r.portal_published_at != null) return deadline == null || new Date(r.portal_published_at as string).getTime() <= deadline;
  if (notOwed(r.status)) return null;
  if (deadline != null && now > deadline) return false;
  return null;
}

export const isOverdue = (r: DeadlineRow, now = Date.now()) => isOpenRow(r) && r.deadline_at != null && now > new Date(r.deadline_at as string).getTime();

const deadline = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Reads go through Strapi's query engine, so they join the caller's transaction (SQLite has one connection). */
  async context(): Promise<DeadlineContext> {
    const rules = await getService('categoryRule', strapi).all();
    const calendar = await getService('calendar', strapi).current();
    const portals = await getService('portal', strapi).list();
    return { rules, calendar, portals };
  },

  /** The deadline of `item` on `portal`; `fallbackStart` when the item has no issue date yet. */
  forDelivery(ctx: DeadlineContext, item: DeadlineItem, portal: Pick<PortalRow, 'code' | 'tier'>, fallbackStart: Date = new Date()): Date | null {
    const rules = getService('categoryRule', strapi);
    const rule = ctx.rules.get(item.category);
    const issuer = rules.issuerOf(item, ctx.portals);
    const start = item.issuedAt ? new Date(item.issuedAt) : fallbackStart;
    return computeDeadline(start, rules.deadlineRule(rule, portal, issuer?.code), ctx.calendar);
  },

  /**
   * Recomputes the deadline of every open delivery matching the filter and writes the
   * ones that moved. Returns how many moved.
   */
  async recompute(filter: { itemDocumentId?: string; categories?: string[]; deadlineFrom?: Date }, trx?: Knex): Promise<number> {
    const store = getService('deliveryStore', strapi);
    const rows = await store.openForDeadlines(filter, trx);
    if (rows.length === 0) return 0;
    const ctx = await this.context();
    const byCode = new Map(ctx.portals.map((p) => [p.code, p]));
    const moved: Array<{ id: number; deadlineAt: Date | null }> = [];
    for (const r of rows) {
      const portal = byCode.get(r.portalCode);
      if (!portal) continue;
      const next = this.forDelivery(ctx, { category: r.category, issuedAt: r.issuedAt, issuerPortal: r.issuerPortal }, portal, r.createdAt ?? new Date());
      if ((next?.getTime() ?? null) !== (r.deadlineAt?.getTime() ?? null)) moved.push({ id: r.id, deadlineAt: next });
    }
    await store.setDeadlines(trx, moved);
    return moved.length;
  },

  /**
   * Document-service writes of category rules and calendar days (the Content Manager):
   * after the write, every open deadline is recomputed (such edits are rare; the API
   * paths recompute a narrower set themselves).
   */
  async afterSettingsWrite(ctx: { action: string }, next: () => Promise<unknown>): Promise<unknown> {
    const result = await next();
    if (['create', 'update', 'delete'].includes(ctx.action)) await this.recompute({});
    return result;
  },
});

export type DeadlineService = typeof deadline;
export default deadline;
