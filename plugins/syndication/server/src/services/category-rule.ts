/**
 * Decision 96 category rules: which tiers carry a category, its deadline per tier,
 * the fields a publish must carry and who receives it by default.
 *
 * Rules are cached per process and re-read when the table's signature changes, so an
 * edit through the API, the Content Manager or another process takes effect on the
 * next read everywhere (hub and separate workers), without a restart.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ERRORS, UID, type Tier } from '../constants';
import {
  DECISION_96_CATEGORIES,
  PLAN_65_COMMUNE_PRESET,
  asDeadline,
  fieldLabel,
  missingFields,
  type CategoryRuleSeed,
  type Deadline,
  type RecipientRule,
} from '../domain/decision-96';
import { normaliseTargets, selectTargets, type TargetablePortal } from '../domain/targets';
import { getService } from '../utils';
import { throwFieldErrors, type FieldError } from '../utils/errors';
import { tableSignature } from '../utils/table-signature';

export interface CategoryRuleRow {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  article: string | null;
  tiers: Tier[];
  deadlines: Partial<Record<Tier, Deadline>>;
  governedDeadline: Deadline | null;
  requiredFields: string[];
  recipients: RecipientRule;
  expectedIntervalDays: number | null;
  trigger: string | null;
  note: string | null;
}

export const PRESETS = { 'plan-65-commune': PLAN_65_COMMUNE_PRESET } as const;

export function ruleToApi(r: CategoryRuleRow) {
  return {
    code: r.code,
    name: r.name,
    nameEn: r.nameEn,
    article: r.article,
    tiers: r.tiers,
    deadlines: r.deadlines,
    governedDeadline: r.governedDeadline ?? null,
    requiredFields: r.requiredFields ?? [],
    recipients: r.recipients ?? 'all',
    expectedIntervalDays: r.expectedIntervalDays ?? null,
    trigger: r.trigger,
    note: r.note,
  };
}

/** A rule as stored: a row seeded by an older version lacks the later fields (and had `deadlineDays`). */
interface StoredRuleRow extends Omit<CategoryRuleRow, 'tiers' | 'deadlines' | 'governedDeadline' | 'requiredFields' | 'recipients' | 'expectedIntervalDays'> {
  tiers: Tier[] | null;
  deadlines: CategoryRuleRow['deadlines'] | null;
  /** Days per tier, before deadlines had units. */
  deadlineDays?: Record<string, unknown> | null;
  governedDeadline?: Deadline | null;
  requiredFields: string[] | null;
  recipients: RecipientRule | null;
  expectedIntervalDays?: number | null;
}

/** Fills what a row seeded by an older version lacks (deadlines had no unit then). */
function upgrade(row: StoredRuleRow): CategoryRuleRow {
  const seed = DECISION_96_CATEGORIES.find((c) => c.code === row.code);
  const legacy = row.deadlineDays;
  const deadlines = row.deadlines ?? (legacy ? Object.fromEntries(Object.entries(legacy).map(([t, d]) => [t, asDeadline(d) ?? { unit: 'none' }])) : seed?.deadlines ?? {});
  return {
    ...row,
    tiers: row.tiers ?? seed?.tiers ?? [],
    deadlines,
    governedDeadline: row.governedDeadline ?? null,
    requiredFields: row.requiredFields ?? seed?.requiredFields ?? [],
    recipients: row.recipients ?? seed?.recipients ?? 'all',
    expectedIntervalDays: row.expectedIntervalDays ?? null,
  };
}

const categoryRule = ({ strapi }: { strapi: Core.Strapi }) => {
  let cache: { sig: string; rules: Map<string, CategoryRuleRow> } | null = null;
  const query = () => strapi.db.query(UID.categoryRule);

  return {
    /** Creates missing rules and completes rows seeded before deadlines had units; an administrator's values survive restarts. */
    async seed(): Promise<{ created: number }> {
      const rows: StoredRuleRow[] = await query().findMany();
      const byCode = new Map(rows.map((r) => [r.code, r]));
      let created = 0;
      for (const c of DECISION_96_CATEGORIES) {
        const row = byCode.get(c.code);
        if (!row) {
          await strapi.documents(UID.categoryRule).create({ data: c });
          created += 1;
        } else if (row.deadlines == null || row.requiredFields == null) {
          const up = upgrade(row);
          await query().update({ where: { id: row.id }, data: { deadlines: up.deadlines, governedDeadline: row.governedDeadline ?? c.governedDeadline ?? null, requiredFields: up.requiredFields, recipients: up.recipients, expectedIntervalDays: row.expectedIntervalDays ?? c.expectedIntervalDays } });
        }
      }
      cache = null;
      return { created };
    },

    async all(): Promise<Map<string, CategoryRuleRow>> {
      const sig = await tableSignature(strapi, UID.categoryRule);
      if (!cache || cache.sig !== sig) {
        const rows: StoredRuleRow[] = await query().findMany({ orderBy: { code: 'asc' } });
        cache = { sig, rules: new Map(rows.map((r) => [r.code, upgrade(r)])) };
      }
      return cache.rules;
    },

    /** Drops this process's copy; other processes see the edit through the table signature. */
    invalidate() {
      cache = null;
    },

    async get(code: string): Promise<CategoryRuleRow> {
      const rule = (await this.all()).get(code.normalize('NFC'));
      if (!rule) throw new errors.NotFoundError(ERRORS.categoryNotFound(code));
      return rule;
    },

    /** Edits a rule (validated by the controller), then moves the open deadlines of its items. */
    async update(code: string, patch: Partial<Omit<CategoryRuleRow, 'id' | 'code'>>) {
      const rule = await this.get(code);
      // A deadline edit for one tier keeps the other tiers' deadlines.
      const data = patch.deadlines ? { ...patch, deadlines: { ...rule.deadlines, ...patch.deadlines } } : patch;
      await query().update({ where: { id: rule.id }, data: { ...data, updatedAt: new Date() } });
      this.invalidate();
      await getService('deadline', strapi).recompute({ categories: [rule.code] });
      return ruleToApi(await this.get(code));
    },

    /** Applies a named preset (Plan 65's commune figures) to the commune tier's deadlines. */
    async applyPreset(name: keyof typeof PRESETS) {
      const preset = PRESETS[name];
      if (!preset) throw new errors.NotFoundError(ERRORS.presetNotFound(String(name)));
      const rules = await this.all();
      for (const [code, deadline] of Object.entries(preset)) {
        const rule = rules.get(code);
        if (!rule) continue;
        await query().update({ where: { id: rule.id }, data: { deadlines: { ...rule.deadlines, commune: deadline }, updatedAt: new Date() } });
      }
      this.invalidate();
      await getService('deadline', strapi).recompute({ categories: Object.keys(preset) });
      return [...(await this.all()).values()].map(ruleToApi);
    },

    /**
     * Refuses a publish that lacks a field its category requires (400 naming each field,
     * Vietnamese then English). 8.1.e also needs its recipients chosen.
     */
    /** What the item's category rule still needs before it may be published (also shown by Before Publish). */
    async publishErrors(item: Record<string, unknown>): Promise<FieldError[]> {
      const rule = (await this.all()).get(String(item.category ?? '').normalize('NFC'));
      if (!rule) return []; // an unknown category is refused by the item rules with its own message
      const fieldErrors: FieldError[] = missingFields(item, rule.requiredFields ?? []).map((path) => ({
        path: path.split('.'),
        message: `Chuyên mục ${rule.code} bắt buộc có ${fieldLabel(path).split(' / ')[0]} / Category ${rule.code} requires the ${fieldLabel(path).split(' / ')[1] ?? path}`,
      }));
      if (rule.recipients === 'issuer-and-governed' && normaliseTargets(item.targets).scope === 'all') {
        fieldErrors.push({
          path: ['targets'],
          message: `Chuyên mục ${rule.code}: chọn các cơ quan thuộc phạm vi điều chỉnh của văn bản / Category ${rule.code}: choose the agencies the document governs`,
        });
      }
      return fieldErrors;
    },

    async assertPublishable(item: Record<string, unknown>): Promise<void> {
      throwFieldErrors(await this.publishErrors(item));
    },

    /** The issuing portal of an item: its `issuerPortal`, else the provincial portal (the hub publishes for UBND tỉnh). */
    issuerOf<P extends TargetablePortal>(item: { issuerPortal?: unknown }, portals: P[]): P | undefined {
      const code = item.issuerPortal;
      return (code ? portals.find((p) => p.code === code) : undefined) || portals.find((p) => p.tier === 'province');
    },

    /** Who receives the item: its targets (default all), plus the issuer for 8.1.e-like rules. */
    recipients<P extends TargetablePortal>(item: { issuerPortal?: unknown; targets?: unknown }, portals: P[], rule: CategoryRuleRow | undefined): P[] {
      const chosen = selectTargets(portals, normaliseTargets(item.targets));
      if (rule?.recipients !== 'issuer-and-governed') return chosen;
      const issuer = this.issuerOf(item, portals);
      return issuer && !chosen.includes(issuer) ? [issuer, ...chosen] : chosen;
    },

    /** The deadline rule that applies to one recipient: the issuer's per tier, or the governed agencies'. */
    deadlineRule(rule: CategoryRuleRow | undefined, portal: TargetablePortal, issuerCode: string | undefined): Deadline | null {
      if (!rule) return null;
      if (rule.recipients === 'issuer-and-governed' && rule.governedDeadline && portal.code !== issuerCode) return asDeadline(rule.governedDeadline);
      return asDeadline(rule.deadlines?.[portal.tier]);
    },
  };
};

export type CategoryRuleService = typeof categoryRule;
export type { CategoryRuleSeed };
export default categoryRule;
