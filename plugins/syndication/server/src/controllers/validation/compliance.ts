import { yup } from '@strapi/utils';
import { TIERS } from '../../constants';
import { DEADLINE_UNITS, RECIPIENT_RULES, FIELD_LABELS } from '../../domain/decision-96';
import { isIsoDate } from '../../domain/working-days';
import { throwFieldErrors } from '../../utils/errors';
import { msg, validate } from './common';

const isoDateMsg = 'Ngày phải có dạng YYYY-MM-DD và có thật / Date must be a real YYYY-MM-DD';
const isoDate = yup.string().test('iso-date', isoDateMsg, (v) => v == null || isIsoDate(v));

/** A path parameter that must be a calendar date. */
export function assertIsoDate(value: unknown, path = 'date'): string {
  if (!isIsoDate(value)) throwFieldErrors([{ path: [path], message: isoDateMsg }]);
  return value as string;
}

const noUnknown = (s: any) => s.noUnknown(true, (p: any) => msg.unknown(String(p.unknown)));

export const validateCalendarQuery = (q: unknown) =>
  validate<{ year: number }>(noUnknown(yup.object({ year: yup.number().typeError('Năm phải là số, vd. 2026 / Year must be a number, e.g. 2026').integer().min(2000, 'Năm từ 2000 / Year from 2000').max(2100, 'Năm đến 2100 / Year up to 2100').required(msg.required) })), q ?? {});

export const validateCalendarPut = (body: unknown) =>
  validate<{ type: 'holiday' | 'workday'; name: string; source?: string }>(
    noUnknown(
      yup.object({
        type: yup.string().oneOf(['holiday', 'workday'], msg.oneOf(['holiday', 'workday'])).required(msg.required),
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
  .noUnknown(true, (p: any) => msg.unknown(String(p.unknown)));

const REQUIRABLE = Object.keys(FIELD_LABELS);

export const validateRuleUpdate = (body: unknown) =>
  validate<Record<string, any>>(
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
