/**
 * E-mail notifications, through Strapi's email plugin (SMTP with the nodemailer provider,
 * configured in config/plugins.ts from SMTP_* variables):
 *
 *  - to a portal's editors (else its contact address) when items await their review:
 *    one mail per item per portal; what arrives within the digest window after a mail
 *    goes out together in one digest;
 *  - to the syndication administrators (users holding the "Quản trị đồng bộ" role) when a
 *    delivery fails for good, a portal is paused by a 410 or marked unhealthy, or
 *    deliveries will miss their deadline within one working day; digested the same way.
 *
 * The notifier reads the database on an interval instead of hooking the delivery path,
 * so it sees what any worker process did. Each notice has a key in
 * `syndication_notifications` (unique): inserting it is the claim, so a notice goes out
 * once however many processes run the notifier. Without SMTP settings the mail is logged
 * (and written as an .eml file when SYNDICATION_MAIL_OUTBOX is set) and the hub carries on.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { DELIVERY_STATUS, ROLE_NAMES, TABLE } from '../constants';
import type { SyndicationConfig } from '../config';
import type { ItemPayload } from '../domain/payload';
import { adminMail, reviewMail, toEml, type DeadlineEntry, type FailureEntry, type Mail, type PortalAlertEntry } from '../domain/mail';
import { getService, newDocumentId } from '../utils';
import { jsonList } from '../utils/scope';
import type { DeliveryRecord } from './delivery-store';
import type { SyndicationAlert } from './portal-health';

export const DEFAULT_FROM = 'Cổng TTĐT tỉnh Bắc Ninh <no-reply@bacninh.gov.vn>';

/** Failures older than this when the notifier starts were told before (or predate it): not scanned again. */
const FAILURE_LOOKBACK_MS = 24 * 3600 * 1000;
/** Statuses in which the item is live, closed or deliberately not wanted: no deadline risk. */
const SETTLED = [DELIVERY_STATUS.delivered, DELIVERY_STATUS.published, DELIVERY_STATUS.withdrawn, DELIVERY_STATUS.rejected];
const CHUNK = 200;

interface Claim {
  key: string;
  kind: string;
  portal_code?: string | null;
  delivery_id?: number | null;
}

/** The portal columns a notice needs. */
interface PortalContact {
  code: string;
  name: string;
  /** JSON list of e-mail addresses: text on SQLite, parsed on PostgreSQL. */
  editors: unknown;
  contact_email: string | null;
}

const chunks = <T>(xs: T[], n = CHUNK): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

const notifier = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::syndication') as SyndicationConfig;
  const knex = () => strapi.db.connection;
  // Delivery records are read through the store (their only reader and writer); notices live in their own table.
  const store = () => getService('deliveryStore', strapi);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let startedAt = Date.now();
  /** When this process last mailed each audience ("portal:<code>", "admins"): the digest window. */
  const lastMail = new Map<string, number>();
  const pendingAlerts: SyndicationAlert[] = [];
  const onAlert = async (a: SyndicationAlert) => {
    if (a.kind === 'portal-gone' || a.kind === 'portal-unhealthy') pendingAlerts.push(a);
  };

  const links = () => {
    const base = ((strapi.config.get('server.url') as string) || `http://localhost:${strapi.config.get('server.port')}`).replace(/\/$/, '');
    const admin = `${base}/admin/plugins/syndication`;
    return { inbox: `${admin}/inbox`, failures: `${admin}/failures`, portals: `${admin}/portals`, overview: `${admin}/overview` };
  };
  const windowOpen = (audience: string) => Date.now() - (lastMail.get(audience) ?? 0) >= config().mailDigestWindowMs;

  /** Keys already told. */
  async function known(keys: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks(keys)) (await knex()(TABLE.notification).whereIn('key', part).pluck('key')).forEach((k: string) => out.add(k));
    return out;
  }

  /** Inserts the claims; returns the keys this process won (another process may have taken some). */
  async function claim(claims: Claim[]): Promise<Set<string>> {
    const won = new Set<string>();
    const now = new Date();
    for (const part of chunks(claims, 50)) {
      const rows = part.map((c) => ({ ...c, document_id: newDocumentId(), outcome: 'claimed', created_at: now, updated_at: now, published_at: now }));
      const inserted = await knex()(TABLE.notification).insert(rows).onConflict('key').ignore().returning('key');
      // Depending on the driver, the returned rows are { key } objects or bare values.
      (inserted as ({ key: string } | string)[]).forEach((r) => won.add(typeof r === 'object' ? r.key : r));
    }
    return won;
  }

  async function settle(keys: string[], patch: Record<string, unknown>) {
    for (const part of chunks(keys)) await knex()(TABLE.notification).whereIn('key', part).update({ ...patch, updated_at: new Date() });
  }

  /** Sends through the email plugin when SMTP is configured; otherwise logs (and writes the .eml to the outbox). */
  async function deliver(mail: Mail, keys: string[]) {
    const smtp = (strapi.config.get('plugin::email') as { provider?: string } | undefined)?.provider === 'nodemailer';
    const base = { recipients: mail.to.join(', '), subject: mail.subject.slice(0, 500), sent_at: new Date() };
    try {
      if (smtp) {
        await strapi.plugin('email').service('email').send({ to: mail.to.join(', '), subject: mail.subject, text: mail.text, html: mail.html });
        await settle(keys, { ...base, outcome: 'sent' });
        return;
      }
      let where = '';
      const outbox = config().mailOutbox;
      if (outbox) {
        fs.mkdirSync(outbox, { recursive: true });
        const file = path.join(outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${newDocumentId().slice(0, 6)}.eml`);
        fs.writeFileSync(file, toEml(mail, process.env.EMAIL_FROM || DEFAULT_FROM));
        where = ` → ${file}`;
      }
      strapi.log.info(`[syndication] mail not sent (SMTP_HOST unset) to ${mail.to.join(', ')}: ${mail.subject}${where}`);
      await settle(keys, { ...base, outcome: 'logged' });
    } catch (e) {
      strapi.log.warn(`[syndication] mail to ${mail.to.join(', ')} failed: ${(e as Error).message}`);
      await settle(keys, { ...base, outcome: 'failed', error: (e as Error).message.slice(0, 2000) }).catch(() => undefined);
    }
  }

  async function titles(rows: DeliveryRecord[]): Promise<Map<number, ItemPayload | null>> {
    const snapshots = getService('snapshot', strapi);
    const out = new Map<number, ItemPayload | null>();
    for (const r of rows) out.set(r.id, await snapshots.get(r.itemDocumentId, r.version));
    return out;
  }

  async function portalsByCode(codes: string[]): Promise<Map<string, PortalContact>> {
    const rows: PortalContact[] = codes.length ? await knex()(TABLE.portal).whereIn('code', [...new Set(codes)]).select('code', 'name', 'editors', 'contact_email') : [];
    return new Map(rows.map((p) => [p.code, p]));
  }

  /** Items awaiting review → the portal's editors. */
  async function reviewNotices() {
    const rows = await store().find({ statuses: [DELIVERY_STATUS.awaitingReview] }, { orderBy: 'id' });
    const keyOf = (r: DeliveryRecord) => `review:${r.id}:v${r.version}`;
    const told = await known(rows.map(keyOf));
    const fresh = rows.filter((r) => !told.has(keyOf(r)) && windowOpen(`portal:${r.portalCode}`));
    if (!fresh.length) return;
    const portals = await portalsByCode(fresh.map((r) => r.portalCode));
    const byPortal = new Map<string, DeliveryRecord[]>();
    for (const r of fresh) byPortal.set(r.portalCode, [...(byPortal.get(r.portalCode) ?? []), r]);
    for (const [code, list] of byPortal) {
      const won = await claim(list.map((r) => ({ key: keyOf(r), kind: 'review', portal_code: code, delivery_id: r.id })));
      const mine = list.filter((r) => won.has(keyOf(r)));
      if (!mine.length) continue;
      const keys = mine.map(keyOf);
      const portal = portals.get(code);
      const to = jsonList(portal?.editors);
      if (!to.length && portal?.contact_email) to.push(portal.contact_email);
      if (!to.length) {
        strapi.log.warn(`[syndication] ${mine.length} item(s) await review on ${code}, but the portal has no editors and no contact address to tell`);
        await settle(keys, { outcome: 'no-recipient' });
        continue;
      }
      const items = await titles(mine);
      lastMail.set(`portal:${code}`, Date.now());
      const entries = mine.map((r) => {
        const p = items.get(Number(r.id));
        return { title: p?.title ?? r.itemDocumentId, issuer: p?.issuer ?? null, issuedAt: p?.issuedAt ?? null, deadlineAt: r.deadlineAt ? r.deadlineAt.toISOString() : null };
      });
      await deliver(reviewMail(to, portal?.name ?? code, entries, `${links().inbox}?portal=${encodeURIComponent(code)}`), keys);
    }
  }

  /** Failures for good, paused or unhealthy portals, deadlines at risk → the syndication administrators. */
  async function adminNotices() {
    if (!windowOpen('admins')) return;
    const since = new Date(startedAt - FAILURE_LOOKBACK_MS);
    const failed = await store().find({ statuses: [DELIVERY_STATUS.failed], lastAttemptFrom: since });
    const now = new Date();
    const horizon = await getService('calendar', strapi).deadline(now, 1);
    const atRisk = await store().find({ excludeStatuses: SETTLED, deadlineAfter: now, deadlineBefore: horizon });
    const alerts = pendingAlerts.splice(0);

    const failKey = (r: DeliveryRecord) => `failed:${r.id}:${r.lastAttemptAt?.getTime() ?? 0}`;
    const deadlineKey = (r: DeliveryRecord) => `deadline:${r.id}:v${r.version}`;
    const alertKey = (a: SyndicationAlert) => `${a.kind}:${a.portal}:${a.at}`;
    const candidates: Claim[] = [
      ...failed.map((r) => ({ key: failKey(r), kind: 'failed', portal_code: r.portalCode, delivery_id: r.id })),
      ...atRisk.map((r) => ({ key: deadlineKey(r), kind: 'deadline', portal_code: r.portalCode, delivery_id: r.id })),
      ...alerts.map((a) => ({ key: alertKey(a), kind: a.kind, portal_code: a.portal })),
    ];
    if (!candidates.length) return;
    const told = await known(candidates.map((c) => c.key));
    const won = await claim(candidates.filter((c) => !told.has(c.key)));
    if (!won.size) return;

    const newFailed = failed.filter((r) => won.has(failKey(r)));
    const newRisk = atRisk.filter((r) => won.has(deadlineKey(r)));
    const newAlerts = alerts.filter((a) => won.has(alertKey(a)));
    const portals = await portalsByCode([...newFailed, ...newRisk].map((r) => r.portalCode).concat(newAlerts.map((a) => a.portal)));
    const items = await titles([...newFailed, ...newRisk]);
    const name = (code: string) => portals.get(code)?.name ?? code;
    const title = (r: DeliveryRecord) => items.get(r.id)?.title ?? r.itemDocumentId;
    const failures: FailureEntry[] = newFailed.map((r) => ({
      portal: r.portalCode,
      portalName: name(r.portalCode),
      title: title(r),
      attempts: r.attempts,
      lastHttpStatus: r.lastHttpStatus,
      lastError: r.lastError,
    }));
    const deadlines: DeadlineEntry[] = newRisk.map((r) => ({ portal: r.portalCode, portalName: name(r.portalCode), title: title(r), status: r.status, deadlineAt: r.deadlineAt!.toISOString() }));
    const portalAlerts: PortalAlertEntry[] = newAlerts.map((a) => ({ kind: a.kind as PortalAlertEntry['kind'], portal: a.portal, portalName: name(a.portal), message: a.message, at: a.at }));

    const keys = [...won];
    const admins = await getService('roles', strapi).usersWithRole(ROLE_NAMES.syndicationAdmin);
    const to = admins.map((u) => u.email).filter(Boolean);
    if (!to.length) {
      strapi.log.warn(`[syndication] ${keys.length} notice(s) for administrators, but no active user holds the role "${ROLE_NAMES.syndicationAdmin}"`);
      await settle(keys, { outcome: 'no-recipient' });
      return;
    }
    lastMail.set('admins', Date.now());
    await deliver(adminMail(to, { failures, alerts: portalAlerts, deadlines }, links()), keys);
  }

  return {
    /** One pass: what is new is told (or waits for its digest window). Safe to call at any time. */
    async tick(): Promise<void> {
      if (running) return running;
      running = (async () => {
        try {
          await reviewNotices();
          await adminNotices();
        } catch (e) {
          strapi.log.warn(`[syndication] notifier: ${(e as Error).message}`);
        }
      })().finally(() => {
        running = null;
      });
      return running;
    },

    async start(): Promise<void> {
      if (!config().notifications) return;
      // The claim is an insert that a second process's insert of the same key must lose.
      await knex().raw('CREATE UNIQUE INDEX IF NOT EXISTS syndication_notifications_key_uq ON syndication_notifications (key)');
      startedAt = Date.now();
      strapi.eventHub.on('syndication.alert', onAlert);
      timer = setInterval(() => void this.tick(), config().mailIntervalMs);
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      strapi.eventHub.off('syndication.alert', onAlert);
      await running?.catch(() => undefined);
    },
  };
};

export type NotifierService = typeof notifier;
export default notifier;
