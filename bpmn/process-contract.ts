/**
 * What the provincial model `flexible-employment-insurance` agrees with its workers and
 * the server: the items, the job types, the result message and the process variables.
 *
 * The model (`flexible-employment-insurance.bpmn`), the workers and the server all follow
 * this module; a test checks the model against it. Process variables carry no personal
 * data: the application id, the city, the chosen items and routing facts only.
 */

export const PROCESS_ID = 'flexible-employment-insurance';

/** The departments that decide items, and the province's own platform steps. */
export const departments = {
  hrss: '人力资源社会保障部门',
  medical: '医疗保障部门',
  tax: '税务部门',
  'tax-qingdao': '青岛市税务部门',
  'housing-fund': '住房公积金管理中心',
} as const;

export type Department = keyof typeof departments;

/** The seven items, in the order the service guide lists them. */
export const items = {
  'pension-enrollment': {
    name: '灵活就业人员参保登记',
    department: 'hrss',
    submitJobType: 'hrss.pension-enrollment.submit',
  },
  'social-security-card': {
    name: '社会保障卡（含电子社保卡）申领',
    department: 'hrss',
    submitJobType: 'hrss.social-security-card.submit',
  },
  'archive-transfer': {
    name: '流动人员人事档案接收和转递',
    department: 'hrss',
    submitJobType: 'hrss.archive-transfer.submit',
  },
  'medical-enrollment': {
    name: '灵活就业人员基本医疗保险参保登记',
    department: 'medical',
    submitJobType: 'medical.medical-enrollment.submit',
  },
  'contribution-declaration': {
    name: '灵活就业人员社会保险费申报',
    department: 'tax',
    submitJobType: 'tax.contribution-declaration.submit',
  },
  'employment-registration': {
    name: '灵活就业登记',
    department: 'hrss',
    submitJobType: 'hrss.employment-registration.submit',
  },
  'housing-fund-account': {
    name: '住房公积金个人账户设立',
    department: 'housing-fund',
    submitJobType: 'housing-fund.account.submit',
  },
} as const satisfies Record<
  string,
  { name: string; department: Department; submitJobType: string }
>;

export type ItemCode = keyof typeof items;

export const itemCodes = Object.keys(items) as ItemCode[];

/**
 * The process variable each item's outcome (`ItemResult`) lands in, whether it came as the
 * department's result message or as an `ITEM_REJECTED` error: one variable per item, so
 * items decided in parallel never overwrite each other. Absent while the item is open and
 * for items not chosen.
 */
export const resultVariables = {
  'pension-enrollment': 'pensionEnrollmentResult',
  'social-security-card': 'socialSecurityCardResult',
  'archive-transfer': 'archiveTransferResult',
  'medical-enrollment': 'medicalEnrollmentResult',
  'contribution-declaration': 'contributionDeclarationResult',
  'employment-registration': 'employmentRegistrationResult',
  'housing-fund-account': 'housingFundAccountResult',
} as const satisfies Record<ItemCode, string>;

/**
 * The `department` header of the platform's own steps (deadline, escalation, outcome,
 * notification): the department API's `province` caller. Department steps (submit, card
 * mailing) carry the deciding department instead.
 */
export const PLATFORM_DEPARTMENT = 'province';

/**
 * Job types of the model besides each item's submit job. Every job carries the headers
 * `item` (an ItemCode, where the job is about one item) and `department` (who performs the
 * step: a `Department`, or `PLATFORM_DEPARTMENT` for the platform's own steps).
 */
export const jobTypes = {
  /** Qingdao (3702xx) applicants' contribution declaration goes to Qingdao's own tax bureau. */
  qingdaoContributionDeclaration: 'tax-qingdao.contribution-declaration.submit',
  /**
   * Computes `deadline` (ISO 8601 with offset, a timer date): the end of one working day
   * after `receivedAt` (Beijing time). Runs once for the application, and again inside the
   * card and declaration steps, whose `receivedAt` is mapped to when their prerequisites
   * were decided (they reach their department later); completes with `{ deadline }`.
   */
  deadline: 'calendar.deadline',
  /** An item's department has not answered by `deadline`: raise an escalation. */
  escalate: 'sla.escalate',
  /** Writes one item's outcome (`result`) back to the application. */
  recordOutcome: 'application.record-outcome',
  /** Tells the applicant the results of every chosen item. */
  notifyResults: 'notification.send-results',
  /** Mails the approved social security card where the applicant asked for it. */
  mailCard: 'hrss.social-security-card.mail',
} as const;

/**
 * A department's decision reaches the waiting instance as this message, correlated by
 * application and item, carrying `{ result: ItemResult }` as its variables.
 */
export const RESULT_MESSAGE = 'department-result';

/** The correlation key of an item's result message. */
export function resultCorrelationKey(applicationId: string, item: ItemCode): string {
  return `${applicationId}:${item}`;
}

/**
 * BPMN error code a submit worker throws when the department refuses the item at once
 * (not eligible, already holds a card, account active, …), with `{ result: ItemResult }`
 * as the error's variables and the reason in Chinese.
 */
export const ITEM_REJECTED_ERROR = 'ITEM_REJECTED';

/** One item's outcome, as the department decided it. */
export interface ItemResult {
  item: ItemCode;
  outcome: 'approved' | 'rejected';
  /** Why the item was refused, in Chinese; set when `outcome` is `rejected`. */
  reason?: string;
  /** What the department issued: enrollment number, account number, base and amount, … */
  details?: Record<string, string | number | boolean>;
  /** When the department decided (ISO 8601). */
  decidedAt: string;
}

/** The process variables an instance starts with. */
export interface StartVariables {
  applicationId: string;
  /** The city's 6-digit division code, e.g. `370200` for Qingdao. */
  city: string;
  items: ItemCode[];
  /** `tax-qingdao` for Qingdao applicants, `tax` otherwise. */
  taxDepartment: 'tax' | 'tax-qingdao';
  /** The applicant asked for the card to be mailed. */
  mailCard: boolean;
  /** When the application was received (ISO 8601 with offset). */
  receivedAt: string;
}
