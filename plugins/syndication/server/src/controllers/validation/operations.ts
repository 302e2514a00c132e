import { yup } from '@strapi/utils';
import { DELIVERY_STATUSES, TIERS, type Tier } from '../../constants';
import { msg, unknownKeysMessage, validate } from './common';

const positive = (max: number) =>
  yup
    .number()
    .transform((v, raw) => (raw === '' || raw == null ? undefined : v))
    .typeError('Phải là số / Must be a number')
    .integer('Phải là số nguyên / Must be an integer')
    .min(1, 'Ít nhất 1 / At least 1')
    .max(max, `Tối đa ${max} / At most ${max}`);

const overviewQuery = yup.object({ items: positive(50).default(8) }).noUnknown(true, unknownKeysMessage);

const matrixQuery = yup
  .object({
    items: positive(30).default(10),
    tier: yup.string().oneOf([...TIERS], msg.oneOf(TIERS)),
    status: yup.string().oneOf([...DELIVERY_STATUSES], msg.oneOf(DELIVERY_STATUSES)),
  })
  .noUnknown(true, unknownKeysMessage);

const failureStatuses = ['failed', 'retrying'] as const;
const failuresQuery = yup
  .object({
    portal: yup.string().max(32, msg.max(32)),
    item: yup.string().max(64, msg.max(64)),
    status: yup.string().oneOf([...failureStatuses], msg.oneOf(failureStatuses)),
    page: positive(10000).default(1),
    pageSize: positive(200).default(50),
  })
  .noUnknown(true, unknownKeysMessage);

const idList = yup
  .object({
    ids: yup
      .array()
      .of(yup.number().typeError('Mã bản phân phối phải là số / Delivery ids must be numbers').integer().min(1))
      .min(1, 'Chọn ít nhất một bản phân phối / Select at least one delivery')
      .max(1000, 'Tối đa 1000 bản phân phối mỗi lần / At most 1000 deliveries at once')
      .required(msg.required),
  })
  .noUnknown(true, unknownKeysMessage);

const pauseBody = yup
  .object({ reason: yup.string().trim().required(msg.required).min(1, msg.required).max(1000, msg.max(1000)) })
  .noUnknown(true, unknownKeysMessage);

export const validateOverviewQuery = (q: unknown) => validate<{ items: number }>(overviewQuery, q ?? {});
export const validateMatrixQuery = (q: unknown) => validate<{ items: number; tier?: Tier; status?: string }>(matrixQuery, q ?? {});
export const validateFailuresQuery = (q: unknown) => validate<{ portal?: string; item?: string; status?: string; page: number; pageSize: number }>(failuresQuery, q ?? {});
export const validateIdList = (b: unknown) => validate<{ ids: number[] }>(idList, b ?? {});
export const validatePauseBody = (b: unknown) => validate<{ reason: string }>(pauseBody, b ?? {});
