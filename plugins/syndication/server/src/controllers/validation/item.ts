import { yup } from '@strapi/utils';
import { DIRECTION_KINDS, TARGET_SCOPES, TIERS } from '../../constants';
import { BODY_FORMATS } from '../../domain/body';
import { PROJECT_FIELDS } from '../../domain/decision-96';
import { isHttpUrl, msg, unknownKeysMessage, validate } from './common';

/** Dates outside 1945–2099 are typing errors (or probes): refused rather than stored. */
const DATE_RANGE = [Date.parse('1945-01-01T00:00:00Z'), Date.parse('2100-01-01T00:00:00Z')];
const dateString = yup
  .string()
  .nullable()
  .test('date', msg.date, (v) => v == null || v === '' || !Number.isNaN(Date.parse(v)))
  .test('range', 'Ngày phải trong khoảng 1945–2099 / The date must be between 1945 and 2099', (v) => {
    const t = v == null || v === '' ? NaN : Date.parse(v);
    return Number.isNaN(t) || (t >= DATE_RANGE[0] && t < DATE_RANGE[1]);
  });

const targetsSchema = yup
  .object({
    scope: yup.string().oneOf([...TARGET_SCOPES], msg.oneOf(TARGET_SCOPES)).required(msg.required),
    tiers: yup.array(yup.string().oneOf([...TIERS], msg.oneOf(TIERS))).when('scope', {
      is: 'tiers',
      then: (s) => s.min(1, 'Chọn ít nhất một cấp / Choose at least one tier').required(msg.required),
    }),
    portals: yup.array(yup.string()).when('scope', {
      is: 'portals',
      then: (s) => s.min(1, 'Chọn ít nhất một cổng / Choose at least one portal').required(msg.required),
    }),
  })
  .noUnknown(true, unknownKeysMessage)
  .default(undefined);

const itemFields = {
  title: yup.string().trim().max(500, msg.max(500)),
  summary: yup.string().nullable(),
  body: yup.string().nullable(),
  bodyFormat: yup.string().oneOf([...BODY_FORMATS], msg.oneOf(BODY_FORMATS)),
  category: yup.string(),
  kind: yup.string().nullable().oneOf([...DIRECTION_KINDS, null], msg.oneOf(DIRECTION_KINDS)),
  issuer: yup.string().nullable().max(255, msg.max(255)),
  documentNumber: yup.string().nullable().max(128, msg.max(128)),
  issuedAt: dateString,
  effectiveAt: dateString,
  issuerPortal: yup.string().nullable().max(32, msg.max(32)),
  documentForm: yup.string().nullable().max(128, msg.max(128)),
  documentUrl: yup.string().nullable().test('url', msg.url, isHttpUrl),
  commentDeadline: dateString,
  contact: yup.string().nullable().max(500, msg.max(500)),
  project: yup
    .object(Object.fromEntries(PROJECT_FIELDS.map((f) => [f, yup.string().nullable().max(1000, msg.max(1000))])))
    .nullable()
    .noUnknown(true, unknownKeysMessage)
    .default(undefined),
  targets: targetsSchema,
  sourceUrl: yup.string().nullable().test('url', msg.url, isHttpUrl),
};

const createSchema = yup
  .object({ ...itemFields, title: itemFields.title.required(msg.required).min(1, msg.required) })
  .noUnknown(true, unknownKeysMessage);

/**
 * An item's editable fields: what the API's validators below return and what the item
 * service's business rules (services/item.ts) take and give back. Every field may be
 * missing (a PUT is a partial update); a nullable field sent as null is cleared.
 */
export interface ItemInput {
  title?: string;
  summary?: string | null;
  body?: string | null;
  /** 'html' unless the integrator says otherwise (the admin form writes Markdown). */
  bodyFormat?: string;
  category?: string;
  kind?: string | null;
  issuer?: string | null;
  documentNumber?: string | null;
  issuedAt?: string | null;
  effectiveAt?: string | null;
  issuerPortal?: string | null;
  documentForm?: string | null;
  documentUrl?: string | null;
  commentDeadline?: string | null;
  contact?: string | null;
  project?: Record<string, string | null> | null;
  targets?: { scope: string; tiers?: string[]; portals?: string[] };
  sourceUrl?: string | null;
}

export const validateItemCreate = (body: unknown) => validate<ItemInput>(createSchema, body ?? {});
/**
 * PUT /items/:documentId is a PARTIAL update: fields left out keep their stored value,
 * a nullable field sent as null is cleared. A title, when sent, must not be empty. The
 * business rules (services/item.ts) are checked on the merged result.
 */
const updateSchema = yup
  .object({
    ...itemFields,
    title: itemFields.title.test('present', msg.required, (v) => v === undefined || (typeof v === 'string' && v.trim().length > 0)),
  })
  .noUnknown(true, unknownKeysMessage);

export const validateItemUpdate = (body: unknown) => validate<ItemInput>(updateSchema, body ?? {});
