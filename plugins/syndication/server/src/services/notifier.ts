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
import { adminMail, reviewMail, toEml, type DeadlineEntry, type FailureEntry, type Mail, type PortalAlertEntry } from '../domain/mail';
import { getService, newDocumentId } from '../utils';
import { jsonList } from '../utils/scope';
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

const chunks = <T>(xs: T[], n = CHUNK): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));
const ms = (v: unknown) => (v == null ? null : new Date(v as string).getTime());

const notifier = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::syndication') as SyndicationConfig;
  const knex = () => strapi.db.connection;
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
      inserted.forEach((r: any) => won.add(typeof r === 'object' ? r.key : r));
    }
    return won;
  }

  async function settle(keys: string[], patch: Record<string, unknown>) {
    for (const part of chunks(keys)) await knex()(TABLE.notification).whereIn('key', part).update({ ...patch, updated_at: new Date() });
  }

  /** Sends through the email plugin when SMTP is configured; otherwise logs (and writes the .eml to the outbox). */
  async function deliver(mail: Mail, keys: string[]) {
    const smtp = (strapi.config.get('plugin::email') as any)?.provider === 'nodemailer';
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

  async function titles(rows: any[]): Promise<Map<number, any>> {
    const snapshots = getService('snapshot', strapi);
    const out = new Map<number, any>();
    for (const r of rows) out.set(Number(r.id), await snapshots.get(r.item_document_id, Number(r.version)));
    return out;
  }

  async function portalsByCode(codes: string[]): Promise<Map<string, any>> {
    const rows = codes.length ? await knex()(TABLE.portal).whereIn('code', [...new Set(codes)]).select('code', 'name', 'editors', 'contact_email') : [];
    return new Map(rows.map((p: any) => [p.code, p]));
  }

  /** Items awaiting review → the portal's editors. */
  async function reviewNotices() {
    const rows = await knex()(TABLE.delivery)
      .where({ status: DELIVERY_STATUS.awaitingReview })
      .select('id', 'portal_code', 'item_document_id', 'version', 'deadline_at')
      .orderBy('id');
    const keyOf = (r: any) => `review:${r.id}:v${r.version}`;
    const told = await known(rows.map(keyOf));
    const fresh = rows.filter((r: any) => !told.has(keyOf(r)) && windowOpen(`portal:${r.portal_code}`));
    if (!fresh.length) return;
    const portals = await portalsByCode(fresh.map((r: any) => r.portal_code));
    const byPortal = new Map<string, any[]>();
    for (const r of fresh) byPortal.set(r.portal_code, [...(byPortal.get(r.portal_code) ?? []), r]);
    for (const [code, list] of byPortal) {
      const won = await claim(list.map((r) => ({ key: keyOf(r), kind: 'review', portal_code: code, delivery_id: Number(r.id) })));
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
        return { title: p?.title ?? r.item_document_id, issuer: p?.issuer ?? null, issuedAt: p?.issuedAt ?? null, deadlineAt: r.deadline_at ? new Date(r.deadline_at).toISOString() : null };
      });
      await deliver(reviewMail(to, portal?.name ?? code, entries, `${links().inbox}?portal=${encodeURIComponent(code)}`), keys);
    }
  }

  /** Failures for good, paused or unhealthy portals, deadlines at risk → the syndication administrators. */
  async function adminNotices() {
    if (!windowOpen('admins')) return;
    const since = new Date(startedAt - FAILURE_LOOKBACK_MS);
    const failed = await knex()(TABLE.delivery)
      .where({ status: DELIVERY_STATUS.failed })
      .andWhere('last_attempt_at', '>=', since)
      .select('id', 'portal_code', 'item_document_id', 'version', 'attempts', 'last_http_status', 'last_error', 'last_attempt_at');
    const horizon = await getService('calendar', strapi).deadline(new Date(), 1);
    const atRisk = await knex()(TABLE.delivery)
      .whereNotIn('status', SETTLED)
      .whereNotNull('deadline_at')
      .andWhere('deadline_at', '>', new Date())
      .andWhere('deadline_at', '<=', horizon)
      .select('id', 'portal_code', 'item_document_id', 'version', 'status', 'deadline_at');
    const alerts = pendingAlerts.splice(0);

    const failKey = (r: any) => `failed:${r.id}:${ms(r.last_attempt_at)}`;
    const deadlineKey = (r: any) => `deadline:${r.id}:v${r.version}`;
    const alertKey = (a: SyndicationAlert) => `${a.kind}:${a.portal}:${a.at}`;
    const candidates: Claim[] = [
      ...failed.map((r: any) => ({ key: failKey(r), kind: 'failed', portal_code: r.portal_code, delivery_id: Number(r.id) })),
      ...atRisk.map((r: any) => ({ key: deadlineKey(r), kind: 'deadline', portal_code: r.portal_code, delivery_id: Number(r.id) })),
      ...alerts.map((a) => ({ key: alertKey(a), kind: a.kind, portal_code: a.portal })),
    ];
    if (!candidates.length) return;
    const told = await known(candidates.map((c) => c.key));
    const won = await claim(candidates.filter((c) => !told.has(c.key)));
    if (!won.size) return;

    const newFailed = failed.filter((r: any) => won.has(failKey(r)));
    const newRisk = atRisk.filter((r: any) => won.has(deadlineKey(r)));
    const newAlerts = alerts.filter((a) => won.has(alertKey(a)));
    const portals = await portalsByCode([...newFailed, ...newRisk].map((r: any) => r.portal_code).concat(newAlerts.map((a) => a.portal)));
    const items = await titles([...newFailed, ...newRisk]);
    const name = (code: string) => portals.get(code)?.name ?? code;
    const title = (r: any) => items.get(Number(r.id))?.title ?? r.item_document_id;
    const failures: FailureEntry[] = newFailed.map((r: any) => ({
      portal: r.portal_code,
      portalName: name(r.portal_code),
      title: title(r),
      attempts: Number(r.attempts ?? 0),
      lastHttpStatus: r.last_http_status == null ? null : Number(r.last_http_status),
      lastError: r.last_error ?? null,
    }));
    const deadlines: DeadlineEntry[] = newRisk.map((r: any) => ({ portal: r.portal_code, portalName: name(r.portal_code), title: title(r), status: r.status, deadlineAt: new Date(r.deadline_at).toISOString() }));
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
