import { yup } from '@strapi/utils';
import { CALENDAR_DAY_TYPES, TIERS, type CalendarDayType } from '../../constants';
import { DEADLINE_UNITS, RECIPIENT_RULES, FIELD_LABELS } from '../../domain/decision-96';
import { isIsoDate } from '../../domain/working-days';
import type { CategoryRuleRow } from '../../services/category-rule';
import { COVERAGE_STATUSES } from '../../services/coverage';
import { throwFieldErrors, type FieldError } from '../../utils/errors';
import { msg, unknownKeysMessage, validate } from './common';

const isoDateMsg = 'Ngày phải có dạng YYYY-MM-DD và có thật / Date must be a real YYYY-MM-DD';
const isoDate = yup.string().test('iso-date', isoDateMsg, (v) => v == null || isIsoDate(v));

/** A path parameter that must be a calendar date. */
export function assertIsoDate(value: unknown, path = 'date'): string {
  if (!isIsoDate(value)) throwFieldErrors([{ path: [path], message: isoDateMsg }]);
  return value as string;
}

const noUnknown = <S extends yup.AnyObjectSchema>(s: S): S => s.noUnknown(true, unknownKeysMessage);

export const validateCalendarQuery = (q: unknown) =>
  validate<{ year: number }>(noUnknown(yup.object({ year: yup.number().typeError('Năm phải là số, vd. 2026 / Year must be a number, e.g. 2026').integer().min(2000, 'Năm từ 2000 / Year from 2000').max(2100, 'Năm đến 2100 / Year up to 2100').required(msg.required) })), q ?? {});

export const validateCalendarPut = (body: unknown) =>
  validate<{ type: CalendarDayType; name: string; source?: string }>(
    noUnknown(
      yup.object({
        type: yup.string().oneOf([...CALENDAR_DAY_TYPES], msg.oneOf(CALENDAR_DAY_TYPES)).required(msg.required),
        name: yup.string().trim().min(1, msg.required).max(255, msg.max(255)).required(msg.required),
        source: yup.string().nullable().max(500, msg.max(500)),
      })
    ),
    body ?? {}
  );

const deadlineSchema = yup
  .object({
    unit: yup.string().oneOf([...DEADLINE_UNITS], msg.oneOf(DEADLINE_UNITS)).required(msg.required),
    days: yup
      .number()
      .typeError('Số ngày phải là số / Days must be a number')
      .integer()
      .min(0, 'Số ngày không âm / Days cannot be negative')
      .max(365, 'Tối đa 365 ngày / At most 365 days')
      .when('unit', { is: (u: string) => u === 'working' || u === 'plain', then: (s) => s.required(msg.required) }),
  })
  .noUnknown(true, unknownKeysMessage);

const REQUIRABLE = Object.keys(FIELD_LABELS);

export const validateRuleUpdate = (body: unknown) =>
  validate<Partial<Omit<CategoryRuleRow, 'id' | 'code'>>>(
    noUnknown(
      yup.object({
        name: yup.string().trim().min(1, msg.required).max(255, msg.max(255)),
        nameEn: yup.string().nullable().max(255, msg.max(255)),
        tiers: yup.array(yup.string().oneOf([...TIERS], msg.oneOf(TIERS))),
        deadlines: noUnknown(yup.object(Object.fromEntries(TIERS.map((t) => [t, deadlineSchema.default(undefined)])))).default(undefined),
        governedDeadline: deadlineSchema.nullable().default(undefined),
        requiredFields: yup.array(yup.string().oneOf(REQUIRABLE, msg.oneOf(REQUIRABLE))),
        recipients: yup.string().oneOf([...RECIPIENT_RULES], msg.oneOf(RECIPIENT_RULES)),
        expectedIntervalDays: yup.number().typeError('Phải là số / Must be a number').integer().min(1).nullable(),
        note: yup.string().nullable(),
      })
    ),
    body ?? {}
  );

export const validateCoverageQuery = (q: unknown) =>
  validate<{ portal?: string; tier?: (typeof TIERS)[number]; status?: (typeof COVERAGE_STATUSES)[number] }>(
    noUnknown(
      yup.object({
        portal: yup.string().max(32, msg.max(32)),
        tier: yup.string().oneOf([...TIERS], msg.oneOf(TIERS)),
        status: yup.string().oneOf([...COVERAGE_STATUSES], msg.oneOf(COVERAGE_STATUSES)),
      })
    ),
    q ?? {}
  );

const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
const PERIOD = /^(\d{4})(?:-(H1|H2))?$/;

/**
 * The report's period: `from` and `to` (inclusive Vietnam dates), or a preset
 * `period` = YYYY (the year), YYYY-H1 or YYYY-H2 (the six-month reports of Art. 15.4).
 */
export async function validateArt15Query(q: unknown): Promise<{ from: string; to: string; portal?: string; format: (typeof REPORT_FORMATS)[number] }> {
  const v = await validate<{ from?: string; to?: string; period?: string; portal?: string; format?: (typeof REPORT_FORMATS)[number] }>(
    noUnknown(
      yup.object({
        from: isoDate,
        to: isoDate,
        period: yup.string().matches(PERIOD, 'Kỳ báo cáo dạng 2026, 2026-H1 hoặc 2026-H2 / Period must be 2026, 2026-H1 or 2026-H2'),
        portal: yup.string().max(32, msg.max(32)),
        format: yup.string().oneOf([...REPORT_FORMATS], msg.oneOf(REPORT_FORMATS)),
      })
    ),
    q ?? {}
  );
  let { from, to } = v;
  if (v.period) {
    const [, year, half] = PERIOD.exec(v.period)!;
    from = half === 'H2' ? `${year}-07-01` : `${year}-01-01`;
    to = half === 'H1' ? `${year}-06-30` : `${year}-12-31`;
  }
  const errors: FieldError[] = [];
  if (!from) errors.push({ path: ['from'], message: `${msg.required} (hoặc period / or period)` });
  if (!to) errors.push({ path: ['to'], message: `${msg.required} (hoặc period / or period)` });
  if (from && to && from > to) errors.push({ path: ['to'], message: 'Ngày kết thúc phải sau ngày bắt đầu / `to` must not be before `from`' });
  throwFieldErrors(errors);
  return { from: from!, to: to!, portal: v.portal, format: v.format ?? 'json' };
}

export const validateScoringQuery = (q: unknown) =>
  validate<{ month: string }>(
    noUnknown(
      yup.object({
        month: yup
          .string()
          .required(msg.required)
          .matches(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng dạng YYYY-MM, vd. 2026-02 / Month must be YYYY-MM, e.g. 2026-02'),
      })
    ),
    q ?? {}
  );
