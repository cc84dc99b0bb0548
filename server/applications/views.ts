import { z } from 'zod';
import { departments, items as contractItems } from '../../bpmn/process-contract.ts';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../../platform/masking.ts';
import { itemProgressSchema, itemStates, type ItemProgress } from '../department-api/contract.ts';
import type { ApplicationForm } from '../form/application-form.ts';
import { cityOf } from '../reference-data/lookups.ts';
import type { ReferenceData } from '../reference-data/reference-data.ts';
import type { ApplicationState, StoredApplication, StoredItem } from './application.ts';

/**
 * What each kind of reader sees of an application. Personal data (name, ID number,
 * phone, mailing address, birth date) is whole only for the applicant and for the clerk
 * or channel that entered the application; everyone else gets it masked.
 */

export const applicationStateLabels: Record<ApplicationState, string> = {
  accepted: '已受理，等待分送各部门',
  started: '办理中',
  finished: '已全部办结',
};

export const applicationStateSchema = z.enum(['accepted', 'started', 'finished']);

const departmentNames: Record<string, string> = { ...departments, province: '省级平台' };

/** One chosen item's progress for any reader. */
export function itemProgress(stored: StoredItem): ItemProgress {
  return {
    item: stored.item,
    name: contractItems[stored.item].name,
    department: stored.department,
    state: stored.state,
    stateLabel: itemStates[stored.state],
    ...(stored.result ? { result: stored.result } : {}),
    ...(stored.escalation ? { escalation: stored.escalation } : {}),
    ...(stored.mailing ? { mailing: stored.mailing } : {}),
  };
}

export const cityViewSchema = z.object({ code: z.string(), name: z.string() });

/** The window where the application can be followed up, printed on the receipt. */
export const counterViewSchema = z.object({
  name: z.string(),
  address: z.string(),
  openingHours: z.string(),
  hotline: z.string(),
});

export const itemProgressViewSchema = itemProgressSchema.extend({ departmentName: z.string() });

/** The answer to a submission: what the receipt prints and how to follow the application. */
export const submissionViewSchema = z.object({
  applicationId: z.string(),
  receiptNumber: z.string(),
  /** Give it to the applicant: it opens the status lookup without the ID number. */
  statusToken: z.string(),
  state: applicationStateSchema,
  stateLabel: z.string(),
  receivedAt: z.string(),
  city: cityViewSchema,
  counter: counterViewSchema,
  identityVerifiedBy: z.enum(['data-sharing', 'document']),
  items: z.array(itemProgressViewSchema),
});

export type SubmissionView = z.infer<typeof submissionViewSchema>;

/** The applicant's status lookup answer (在线查询). */
export const statusViewSchema = z.object({
  applicationId: z.string(),
  receiptNumber: z.string(),
  state: applicationStateSchema,
  stateLabel: z.string(),
  receivedAt: z.string(),
  city: cityViewSchema,
  counter: counterViewSchema,
  applicant: z
    .object({ name: z.string(), idNumber: z.string() })
    .describe('申请人姓名和证件号码（已脱敏，如 张**、3701**********1234）'),
  items: z.array(itemProgressViewSchema),
});

export type StatusView = z.infer<typeof statusViewSchema>;

/** One application in an operations list or a clerk's lookup. */
export const applicationSummarySchema = z.object({
  applicationId: z.string(),
  receiptNumber: z.string(),
  channel: z.enum(['online', 'counter']),
  state: applicationStateSchema,
  stateLabel: z.string(),
  receivedAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  processInstanceKey: z.string().optional(),
  startAttempts: z.number(),
  lastStartError: z.string().optional(),
  city: cityViewSchema,
  identityVerifiedBy: z.enum(['data-sharing', 'document']),
  /** Whole for the clerk who entered it, masked for everyone else. */
  form: z.record(z.string(), z.unknown()),
  personalDataMasked: z.boolean(),
  items: z.array(itemProgressViewSchema),
});

export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

/** Builds the views above from stored applications and the reference data. */
export class ApplicationViews {
  constructor(private readonly data: ReferenceData) {}

  submission(app: StoredApplication, statusToken: string): SubmissionView {
    return {
      applicationId: app.id,
      receiptNumber: app.receiptNumber,
      statusToken,
      state: app.state,
      stateLabel: applicationStateLabels[app.state],
      receivedAt: app.receivedAt,
      city: this.city(app),
      counter: this.counter(app),
      identityVerifiedBy: app.identityVerifiedBy,
      items: this.items(app),
    };
  }

  status(app: StoredApplication): StatusView {
    return {
      applicationId: app.id,
      receiptNumber: app.receiptNumber,
      state: app.state,
      stateLabel: applicationStateLabels[app.state],
      receivedAt: app.receivedAt,
      city: this.city(app),
      counter: this.counter(app),
      // Whoever holds a receipt number or a status token sees only masked personal data.
      applicant: {
        name: maskName(app.form.applicant.name),
        idNumber: maskIdNumber(app.form.applicant.idNumber),
      },
      items: this.items(app),
    };
  }

  summary(app: StoredApplication, options: { masked: boolean }): ApplicationSummary {
    return {
      applicationId: app.id,
      receiptNumber: app.receiptNumber,
      channel: app.channel,
      state: app.state,
      stateLabel: applicationStateLabels[app.state],
      receivedAt: app.receivedAt,
      ...(app.startedAt ? { startedAt: app.startedAt } : {}),
      ...(app.finishedAt ? { finishedAt: app.finishedAt } : {}),
      ...(app.processInstanceKey ? { processInstanceKey: app.processInstanceKey } : {}),
      startAttempts: app.startAttempts,
      ...(app.lastStartError ? { lastStartError: app.lastStartError } : {}),
      city: this.city(app),
      identityVerifiedBy: app.identityVerifiedBy,
      form: options.masked ? maskForm(app.form) : app.form,
      personalDataMasked: options.masked,
      items: this.items(app),
    };
  }

  private items(app: StoredApplication) {
    return app.items.map((stored) => ({
      ...itemProgress(stored),
      departmentName: departmentNames[stored.department] ?? stored.department,
    }));
  }

  private city(app: StoredApplication) {
    const city = this.data.cities.find((c) => c.code === app.city);
    return { code: app.city, name: city?.name ?? app.city };
  }

  private counter(app: StoredApplication) {
    const city = cityOf(this.data, app.city);
    const counter = city?.counter;
    return {
      name: counter?.name ?? '当地社会保险综合窗口',
      address: counter?.address ?? '请咨询当地政务服务中心',
      openingHours: counter?.openingHours ?? '请咨询当地政务服务中心',
      hotline: counter?.hotline ?? '12333',
    };
  }
}

/** The form with its personal fields masked (PIPL), for readers who may not see them. */
export function maskForm(form: ApplicationForm): ApplicationForm {
  const { applicant } = form;
  return {
    ...form,
    applicant: {
      ...applicant,
      name: maskName(applicant.name),
      idNumber: maskIdNumber(applicant.idNumber),
      phone: maskPhone(applicant.phone),
      birthDate: `${applicant.birthDate.slice(0, 4)}-**-**`,
    },
    ...(form.card
      ? {
          card: {
            ...form.card,
            ...(form.card.mailingAddress
              ? { mailingAddress: maskAddress(form.card.mailingAddress) }
              : {}),
          },
        }
      : {}),
  };
}
