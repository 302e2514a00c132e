import { yup } from '@strapi/utils';
import { AUDIT_ACTOR_TYPES } from '../../constants';
import type { AuditFilters } from '../../services/audit';
import { msg, unknownKeysMessage, validate } from './common';

const date = () => yup.date().typeError(msg.date);

const auditQuery = yup
  .object({
    action: yup.string().max(64, msg.max(64)).matches(/^[a-z.-]*$/, 'Hành động gồm chữ thường, "." và "-" (vd. portal.) / Action: lower-case letters, "." and "-" (e.g. portal.)'),
    actor: yup.string().max(255, msg.max(255)),
    actorType: yup.string().oneOf([...AUDIT_ACTOR_TYPES], msg.oneOf(AUDIT_ACTOR_TYPES)),
    targetType: yup.string().max(32, msg.max(32)),
    targetId: yup.string().max(128, msg.max(128)),
    from: date(),
    to: date(),
    page: yup.number().typeError('Phải là số / Must be a number').integer().min(1).default(1),
    pageSize: yup.number().typeError('Phải là số / Must be a number').integer().min(1).max(200, 'Tối đa 200 / At most 200').default(50),
  })
  .noUnknown(true, unknownKeysMessage);

/** GET /audit and /audit/export: filters from the query string (each may appear once). */
export const validateAuditQuery = (q: unknown) => validate<AuditFilters & { page: number; pageSize: number }>(auditQuery, q ?? {});
