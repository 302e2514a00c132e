import { yup } from '@strapi/utils';
import { ADAPTERS, COMMUNE_TYPES, PUBLISH_MODES, TIERS, type AdapterType, type PublishMode, type Tier } from '../../constants';
import { CATEGORY_CODES } from '../../domain/decision-96';
import { isValidSigningSecret } from '../../domain/secrets';
import { MAX_OVERLAP_HOURS } from '../../services/secrets';
import { checkEndpoint, OutboundRefusedError, type OutboundPolicy } from '../../infra/outbound-guard';
import { throwFieldErrors } from '../../utils/errors';
import { normaliseEmail } from '../../utils/scope';
import { isHttpUrl, msg, unknownKeysMessage, validate } from './common';

export const PORTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/;

const secretField = yup
  .string()
  .test('secret', 'Khóa ký phải có dạng whsec_<base64, ít nhất 16 byte> / Secret must be whsec_<base64 of at least 16 bytes>', (v) => v == null || isValidSigningSecret(v));

const portalSchema = yup
  .object({
    code: yup.string().matches(PORTAL_CODE, 'Mã cổng gồm 2–32 chữ, số, "-" hoặc "_" / Portal code: 2–32 letters, digits, "-" or "_"'),
    name: yup.string().trim().min(1, msg.required).max(255, msg.max(255)),
    tier: yup.string().oneOf([...TIERS], msg.oneOf(TIERS)),
    communeType: yup.string().nullable().oneOf([...COMMUNE_TYPES, null], msg.oneOf(COMMUNE_TYPES)),
    endpoint: yup.string().nullable().max(2048, msg.max(2048)).test('url', msg.url, isHttpUrl),
    adapter: yup.string().oneOf([...ADAPTERS], msg.oneOf(ADAPTERS)),
    secret: secretField,
    publishMode: yup.string().oneOf([...PUBLISH_MODES], msg.oneOf(PUBLISH_MODES)),
    contactEmail: yup.string().nullable().email(msg.email),
    // Lower-cased and de-duplicated: the own-portal condition compares e-mails case-insensitively.
    editors: yup
      .array(yup.string().trim().required(msg.required).email(msg.email).max(255, msg.max(255)))
      .nullable()
      .max(50, 'Tối đa 50 biên tập viên / At most 50 editors')
      // yup would cast a lone string to null; an editor typing one address must hear why it failed.
      .test('list', 'Phải là danh sách địa chỉ email / Must be a list of e-mail addresses', function () {
        // yup's test context carries the value before casting; its type leaves it out.
        const original = (this as yup.TestContext & { originalValue?: unknown }).originalValue;
        return original == null || Array.isArray(original);
      })
      .transform((v) => (Array.isArray(v) ? [...new Set(v.map((e) => (typeof e === 'string' ? normaliseEmail(e) : e)))] : v)),
    active: yup.boolean().typeError('Phải là true hoặc false / Must be true or false'),
    sectionMap: yup
      .object()
      .nullable()
      .test('sections', 'Khóa phải là mã chuyên mục Quyết định 96 (vd. 8.1.c), giá trị là mã chuyên mục của cổng / Keys must be Decision 96 category codes (e.g. 8.1.c), values the portal section ids', (v) =>
        v == null || Object.entries(v as Record<string, unknown>).every(([k, s]) => CATEGORY_CODES.includes(k.normalize('NFC')) && typeof s === 'string' && s.length > 0 && s.length <= 255)
      ),
  })
  .noUnknown(true, unknownKeysMessage);

export interface PortalBody {
  code?: string;
  name?: string;
  tier?: Tier;
  communeType?: string | null;
  endpoint?: string | null;
  adapter?: AdapterType;
  secret?: string;
  publishMode?: PublishMode;
  contactEmail?: string | null;
  editors?: string[] | null;
  active?: boolean;
  sectionMap?: Record<string, string> | null;
}

/**
 * PUT /portals/:code. `creating` = the code is new: name and tier become required.
 * Commune-tier codes are the official 5-digit codes (kept as text: leading zeros).
 */
export async function validatePortalUpsert(
  code: string,
  body: unknown,
  current: { tier: string; communeType: string | null } | null,
  outbound: OutboundPolicy = { strict: false, allowedHosts: [] }
): Promise<PortalBody> {
  const input = await validate<PortalBody>(portalSchema, body ?? {});
  const fieldErrors: { path: string[]; message: string }[] = [];
  // SSRF: in strict mode (production) the endpoint must be https and not resolve to an internal address.
  if (input.endpoint) {
    try {
      await checkEndpoint(input.endpoint, outbound);
    } catch (e) {
      if (!(e instanceof OutboundRefusedError)) throw e;
      fieldErrors.push({ path: ['endpoint'], message: e.message });
    }
  }
  if (!PORTAL_CODE.test(code)) fieldErrors.push({ path: ['code'], message: 'Mã cổng gồm 2–32 chữ, số, "-" hoặc "_" / Portal code: 2–32 letters, digits, "-" or "_"' });
  if (input.code != null && input.code !== code) fieldErrors.push({ path: ['code'], message: `Mã trong nội dung (${input.code}) khác mã trên đường dẫn (${code}) / Body code differs from the URL code` });
  if (!current) {
    if (!input.name) fieldErrors.push({ path: ['name'], message: msg.required });
    if (!input.tier) fieldErrors.push({ path: ['tier'], message: msg.required });
  }
  const tier = input.tier ?? current?.tier;
  const communeType = input.communeType !== undefined ? input.communeType : current?.communeType;
  if (tier === 'commune') {
    if (!/^\d{5}$/.test(code)) fieldErrors.push({ path: ['code'], message: 'Mã xã/phường là mã đơn vị hành chính 5 chữ số (vd. 07627) / A commune code is the 5-digit official code (e.g. 07627)' });
    if (!communeType) fieldErrors.push({ path: ['communeType'], message: `${msg.required}: xã | phường` });
  } else if (tier && communeType) {
    fieldErrors.push({ path: ['communeType'], message: 'Chỉ cổng cấp xã có loại xã/phường / Only commune-tier portals have a commune type' });
  }
  throwFieldErrors(fieldErrors);
  return input;
}

const listQuery = yup
  .object({
    tier: yup.string().oneOf([...TIERS], msg.oneOf(TIERS)),
    active: yup.string().oneOf(['true', 'false'], msg.oneOf(['true', 'false'])),
  })
  .noUnknown(true, unknownKeysMessage);

export const validatePortalListQuery = (q: unknown) => validate<{ tier?: Tier; active?: 'true' | 'false' }>(listQuery, q ?? {});

const rotationSchema = yup
  .object({
    secret: secretField,
    overlapHours: yup
      .number()
      .typeError('Phải là số giờ / Must be a number of hours')
      .min(0, 'Không được âm / Must not be negative')
      .max(MAX_OVERLAP_HOURS, `Tối đa ${MAX_OVERLAP_HOURS} giờ / At most ${MAX_OVERLAP_HOURS} hours`),
  })
  .noUnknown(true, unknownKeysMessage);

/** POST /portals/:code/rotate-secret: `{ secret?, overlapHours? }` (both optional). */
export const validateSecretRotation = (body: unknown) => validate<{ secret?: string; overlapHours?: number }>(rotationSchema, body ?? {});
