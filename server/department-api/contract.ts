import { z } from 'zod';
import {
  itemCodes,
  items,
  type Department,
  type ItemCode,
  type ItemResult,
} from '../../bpmn/process-contract.ts';
import { applicationFormShape, type ApplicationForm } from '../form/application-form.ts';

/**
 * The HTTP API the department workers call on the server, agreed between `server/` and
 * `workers/`. Workers never read the application store's tables; they read and write an
 * application through these routes only.
 *
 * Every route takes `Authorization: Bearer <token>`, the calling department's token from
 * `DEPARTMENT_TOKENS` (`hrss`, `medical`, `tax`, `tax-qingdao`, `housing-fund`,
 * `province`). A department reads and writes only the items it decides
 * (`itemDepartment()`); the `province` token (the platform's own workers: deadline,
 * escalation, outcome recording, notification, mailing) may touch every item.
 *
 * Errors come back as `ApiError` with a stable `code`, a message in Chinese and the HTTP
 * status: 400 bad input, 401 no or unknown token, 403 another department's item, 404 no
 * such application or item not chosen, 409 a write that contradicts one already stored
 * (an outcome already recorded differently) or a superseded instance
 * (`PROCESS_INSTANCE_KEY_HEADER`), 503 the store is unavailable (retry).
 *
 * `GET …/items/social-security-card/photo` (hrss, province) answers the white-background
 * photo's bytes with its `Content-Type` (`image/jpeg` or `image/png`).
 */

/** Who calls the department API: a deciding department, or the province's own platform. */
export type DepartmentCaller = Department | 'province';

export const departmentCallers = [
  'hrss',
  'medical',
  'tax',
  'tax-qingdao',
  'housing-fund',
  'province',
] as const satisfies readonly DepartmentCaller[];

/** Route paths, with `:applicationId` and `:item` parameters. */
export const departmentRoutes = {
  itemRequest: '/api/department/applications/:applicationId/items/:item',
  application: '/api/department/applications/:applicationId',
  outcome: '/api/department/applications/:applicationId/items/:item/outcome',
  escalation: '/api/department/applications/:applicationId/items/:item/escalation',
  mailing: '/api/department/applications/:applicationId/items/social-security-card/mailing',
  photo: '/api/department/applications/:applicationId/items/social-security-card/photo',
} as const;

/**
 * Header every worker sends with the job's `processInstanceKey`. The server answers 409
 * `INSTANCE_SUPERSEDED` (and cancels that instance) when it is not the instance recorded
 * for the application, so a duplicate instance left by a crash between "instance created"
 * and "instance recorded" never reaches a department. Without the header no check is made.
 */
export const PROCESS_INSTANCE_KEY_HEADER = 'zeebe-process-instance-key';

/** Fills a route's parameters, URL-encoding each. */
export function departmentPath(
  route: keyof typeof departmentRoutes,
  params: { applicationId: string; item?: ItemCode },
): string {
  return departmentRoutes[route]
    .replace(':applicationId', encodeURIComponent(params.applicationId))
    .replace(':item', encodeURIComponent(params.item ?? ''));
}

/**
 * The department that decides an item for an application in `city`: the contract's
 * department, except Qingdao's (3702xx) contribution declaration, decided by `tax-qingdao`.
 */
export function itemDepartment(item: ItemCode, city: string): Department {
  if (item === 'contribution-declaration' && city.startsWith('3702')) return 'tax-qingdao';
  return items[item].department;
}

export const itemCodeSchema = z.enum(itemCodes as [ItemCode, ...ItemCode[]]);

export const applicationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, '申请编号只能由字母、数字和连字符组成');

/**
 * An item's state as the applicant sees it: 待受理 (pending: not yet handed to the
 * department), 审核中 (in-review), 已办结 (completed: approved), 不予受理 (rejected, with
 * a reason), 逾期督办 (overdue: the deadline passed and an escalation was raised).
 */
export const itemStates = {
  pending: '待受理',
  'in-review': '审核中',
  completed: '已办结',
  rejected: '不予受理',
  overdue: '逾期督办',
} as const;

export type ItemState = keyof typeof itemStates;

export const itemStateSchema = z.enum(Object.keys(itemStates) as [ItemState, ...ItemState[]]);

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** `ItemResult` from the process contract, as a body the server validates. */
export const itemResultSchema = z
  .strictObject({
    item: itemCodeSchema,
    outcome: z.enum(['approved', 'rejected']),
    reason: z.string().min(1).max(500).optional(),
    details: z.record(z.string().max(64), scalar).optional(),
    decidedAt: z.iso.datetime({ offset: true }),
  })
  .refine((result) => result.outcome !== 'rejected' || result.reason !== undefined, {
    message: '不予受理时必须说明原因（reason）',
    path: ['reason'],
  }) satisfies z.ZodType<ItemResult>;

/**
 * `PUT …/items/:item/escalation`: the item's department did not decide by `deadline`.
 * Idempotent: the same escalation again is a no-op; managers see it in the operations API
 * and the applicant sees the item as 逾期督办 until it is decided.
 */
export const escalationSchema = z.strictObject({
  department: z.enum(departmentCallers),
  deadline: z.iso.datetime({ offset: true }),
  raisedAt: z.iso.datetime({ offset: true }),
});

export type Escalation = z.infer<typeof escalationSchema>;

/** The card's mailing state: not asked for, waiting for the approved card, or mailed. */
export const mailingStateSchema = z.enum(['not-requested', 'awaiting', 'mailed']);

export type MailingState = z.infer<typeof mailingStateSchema>;

/** `PUT …/items/social-security-card/mailing`: the approved card was posted. Idempotent. */
export const mailingSchema = z.strictObject({
  state: z.literal('mailed'),
  trackingNumber: z.string().min(1).max(64),
  mailedAt: z.iso.datetime({ offset: true }),
});

export type Mailing = z.infer<typeof mailingSchema>;

/**
 * The part of the application form a department receives for one item: the applicant
 * block (with `insuranceStartMonth`) and that item's own section (e.g. `card` for the
 * social security card, `archive` for the archive transfer); no other item's section.
 */
export const itemFormSchema = applicationFormShape.omit({ items: true });

export type ItemForm = Omit<ApplicationForm, 'items'>;

/** How the applicant's identity was established: 数据共享 or an uploaded document image. */
export const identityVerificationSchema = z.enum(['data-sharing', 'document']);

/** `GET …/items/:item`: what one department needs to decide one item. */
export const itemRequestSchema = z.object({
  applicationId: z.string(),
  receiptNumber: z.string(),
  /** The city's 6-digit division code. */
  city: z.string(),
  /** When the application was received (ISO 8601 with offset). */
  receivedAt: z.string(),
  item: itemCodeSchema,
  identityVerifiedBy: identityVerificationSchema,
  form: itemFormSchema,
});

export type ItemRequest = Omit<z.infer<typeof itemRequestSchema>, 'form'> & { form: ItemForm };

/** One chosen item's progress as the store holds it. */
export const itemProgressSchema = z.object({
  item: itemCodeSchema,
  name: z.string(),
  department: z.string(),
  state: itemStateSchema,
  /** The state in Chinese: 待受理 / 审核中 / 已办结 / 不予受理 / 逾期督办. */
  stateLabel: z.string(),
  result: itemResultSchema.optional(),
  escalation: escalationSchema.optional(),
  /** Only on `social-security-card`. */
  mailing: z
    .object({
      state: mailingStateSchema,
      trackingNumber: z.string().optional(),
      mailedAt: z.string().optional(),
    })
    .optional(),
});

export type ItemProgress = z.infer<typeof itemProgressSchema>;

/**
 * `GET /api/department/applications/:applicationId` (province token only): the whole
 * application with every chosen item's progress, for the notification worker.
 */
export const applicationViewSchema = z.object({
  applicationId: z.string(),
  receiptNumber: z.string(),
  city: z.string(),
  receivedAt: z.string(),
  channel: z.enum(['online', 'counter']),
  identityVerifiedBy: identityVerificationSchema,
  items: z.array(itemProgressSchema),
  form: applicationFormShape,
});

export type ApplicationView = Omit<z.infer<typeof applicationViewSchema>, 'form'> & {
  form: ApplicationForm;
};

/** Every PUT answers with the item's progress after the write. */
export const writeAcknowledgedSchema = itemProgressSchema;

/** The body of every error response, on every route of the server. */
export const apiErrorSchema = z.object({
  statusCode: z.number(),
  /** Stable code, e.g. `APPLICATION_NOT_FOUND`; clients branch on this, never the message. */
  code: z.string(),
  /** In Chinese, says what was wrong and what to send instead. */
  message: z.string(),
  /** Per-field problems of a rejected body, in Chinese. */
  fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export type ApiError = z.infer<typeof apiErrorSchema>;
