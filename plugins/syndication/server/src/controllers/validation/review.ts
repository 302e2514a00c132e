import { yup } from '@strapi/utils';
import type { CallbackInput } from '../../services/review';
import { isHttpUrl, msg, unknownKeysMessage, validate } from './common';

const positiveInt = (label: string) =>
  yup
    .number()
    .typeError(`${label}: phải là số nguyên dương / must be a positive integer`)
    .integer(`${label}: phải là số nguyên dương / must be a positive integer`)
    .positive(`${label}: phải là số nguyên dương / must be a positive integer`);

const reason = yup
  .string()
  .trim()
  .typeError(msg.string)
  .required('Cần nêu lý do từ chối / A reason for the rejection is required')
  .min(1, 'Cần nêu lý do từ chối / A reason for the rejection is required')
  .max(2000, msg.max(2000));

const rejectSchema = yup.object({ reason }).noUnknown(true, unknownKeysMessage);

const bulkApproveSchema = yup
  .object({
    ids: yup
      .array(positiveInt('id').required(msg.required))
      .typeError('Phải là danh sách mã bản phân phối / Must be a list of delivery ids')
      .required(msg.required)
      .min(1, 'Chọn ít nhất một bản phân phối / Choose at least one delivery')
      .max(500, 'Tối đa 500 bản phân phối mỗi lần / At most 500 deliveries at once'),
  })
  .noUnknown(true, unknownKeysMessage);

const inboxQuery = yup
  .object({
    portal: yup.string().max(32, msg.max(32)),
    limit: positiveInt('limit').max(500, 'Tối đa 500 / At most 500'),
  })
  .noUnknown(true, unknownKeysMessage);

const callbackSchema = yup
  .object({
    type: yup.string().required(msg.required).oneOf(['delivery.published', 'delivery.rejected'], msg.oneOf(['delivery.published', 'delivery.rejected'])),
    data: yup
      .object({
        deliveryId: positiveInt('deliveryId').required(msg.required),
        version: positiveInt('version').required(msg.required),
        url: yup.string().nullable().max(2048, msg.max(2048)).test('url', msg.url, isHttpUrl),
        reason: yup
          .string()
          .nullable()
          .max(2000, msg.max(2000))
          .when('$type', { is: 'delivery.rejected', then: () => reason }),
      })
      .required(msg.required)
      .noUnknown(true, unknownKeysMessage),
  })
  .noUnknown(true, unknownKeysMessage);

export const validateReject = (body: unknown) => validate<{ reason: string }>(rejectSchema, body ?? {});
export const validateBulkApprove = (body: unknown) => validate<{ ids: number[] }>(bulkApproveSchema, body ?? {});
export const validateInboxQuery = (q: unknown) => validate<{ portal?: string; limit?: number }>(inboxQuery, q ?? {});

/** The callback's `reason` is required only for a rejection: the schema reads the type from the context. */
export async function validateCallback(body: unknown): Promise<CallbackInput> {
  const type = (body as { type?: unknown } | null | undefined)?.type;
  return validate<CallbackInput>({ validate: (v: unknown, o: object) => callbackSchema.validate(v, { ...o, context: { type } }) }, body ?? {});
}
