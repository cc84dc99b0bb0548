import { randomUUID } from 'node:crypto';

import type { ItemCode } from '../../../bpmn/process-contract.ts';
import type { ItemRequest } from '../../../server/department-api/contract.ts';
import {
  createApplicationFormSchema,
  routingFacts,
  sectionOfItem,
  type ApplicationForm,
} from '../../../server/form/index.ts';
import { sampleApplicationForm, type SampleFormOptions } from '../../../server/form/synthetic.ts';
import {
  loadReferenceData,
  type ReferenceData,
} from '../../../server/reference-data/reference-data.ts';

/** The shipped reference data, read once for every worker test. */
export const referenceData: ReferenceData = loadReferenceData();

/** The day the worker tests live on (Beijing); forms are valid on it. */
export const TODAY = '2026-03-10';

/** A test clock at 10:00 Beijing time on `TODAY`. */
export const testClock = () => new Date(`${TODAY}T10:00:00+08:00`);

/** An accepted application as the server would store it, from the form engineer's generator. */
export interface SyntheticApplication {
  applicationId: string;
  receiptNumber: string;
  city: string;
  receivedAt: string;
  form: ApplicationForm;
}

/**
 * A synthetic application accepted by the real form rules on `TODAY`. `change` edits the
 * form input before validation; `accepted: false` skips the rules (to build a form the
 * department must refuse but the form would not even take, e.g. an expired ID).
 */
export function syntheticApplication(
  options: SampleFormOptions & {
    change?: (form: ReturnType<typeof sampleApplicationForm>) => void;
    validate?: boolean;
  } = {},
): SyntheticApplication {
  const input = sampleApplicationForm(referenceData, { today: TODAY, ...options });
  options.change?.(input);
  const form = options.validate === false ? asForm(input) : accept(input);
  const applicationId = randomUUID();
  return {
    applicationId,
    receiptNumber: `SD${applicationId.slice(0, 8).toUpperCase()}`,
    city: routingFacts(form, referenceData).city,
    receivedAt: `${TODAY}T09:30:00+08:00`,
    form,
  };
}

/** The request one department receives for one item of `application`. */
export function itemRequestOf(application: SyntheticApplication, item: ItemCode): ItemRequest {
  const section = sectionOfItem[item];
  const { form } = application;
  return {
    applicationId: application.applicationId,
    receiptNumber: application.receiptNumber,
    city: application.city,
    receivedAt: application.receivedAt,
    item,
    identityVerifiedBy: 'data-sharing',
    form: {
      applicant: form.applicant,
      ...(section && form[section] ? { [section]: form[section] } : {}),
    },
  };
}

// helpers ------------------------------------------------------------------

const schema = createApplicationFormSchema({ referenceData, today: () => TODAY });

function accept(input: unknown): ApplicationForm {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new TypeError(`synthetic form refused: ${JSON.stringify(parsed.error.issues)}`);
  }
  return parsed.data;
}

function asForm(input: ReturnType<typeof sampleApplicationForm>): ApplicationForm {
  const form = input as unknown as ApplicationForm;
  form.applicant.birthDate ??= birthDateOf(form.applicant.idNumber);
  return form;
}

function birthDateOf(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}
