import { z } from 'zod';

import { itemCodes, type ItemCode } from '../../bpmn/process-contract.ts';

/**
 * The joint application form (一表申请, 附件4 of the service guide) as one zod schema shared
 * by the HTTP API, the counter page and the workers.
 *
 * Two layers:
 * - `applicationFormShape`: the fields and their formats, no reference data needed. Its
 *   output type is `ApplicationForm`, the shape stored in the application store.
 * - `createApplicationFormSchema(context)`: the shape plus every rule that needs reference
 *   data or today's date (cities, banks, windows, ranges). Use this one to accept input.
 *
 * Per-item sections (`card`, `archive`, …) are required only when their item is chosen and
 * are dropped from the output when it is not, so no personal data is kept for an item
 * nobody asked for. Personal fields keep the names the logger redacts: `name`,
 * `idNumber`, `phone`, `mailingAddress`.
 */

/** Kinds of identity document the form accepts (DOMAIN.md "Identity numbers"). */
export const idTypes = [
  'resident-id',
  'hk-macau-taiwan-residence-permit',
  'foreign-permanent-residence-2023',
  'foreign-permanent-residence-2017',
] as const;
export type IdType = (typeof idTypes)[number];

export const sexes = ['male', 'female'] as const;
export type Sex = (typeof sexes)[number];

/** A woman's original retirement age, decided by HRSS, entered on the form. */
export const womenRetirementBases = ['female-55', 'female-50'] as const;
export type WomenRetirementBase = (typeof womenRetirementBases)[number];

/** Categories of flexible workers the medical insurance accepts. */
export const medicalCategories = [
  'self-employed',
  'part-time-without-employer-medical',
  'other-flexible',
] as const;
export type MedicalCategory = (typeof medicalCategories)[number];

export const paymentFrequencies = ['monthly', 'quarterly', 'half-yearly', 'yearly'] as const;
export type PaymentFrequency = (typeof paymentFrequencies)[number];

/** Where the archive goes: the public employment service of household registration or of work. */
export const archiveReceivingBases = ['household-registration', 'flexible-work'] as const;
export type ArchiveReceivingBasis = (typeof archiveReceivingBases)[number];

/** The form section each item needs; `pension-enrollment` needs only the applicant. */
export const sectionOfItem = {
  'pension-enrollment': undefined,
  'social-security-card': 'card',
  'archive-transfer': 'archive',
  'medical-enrollment': 'medical',
  'contribution-declaration': 'contribution',
  'employment-registration': 'employment',
  'housing-fund-account': 'housingFund',
} as const satisfies Record<ItemCode, string | undefined>;

export type SectionName = NonNullable<(typeof sectionOfItem)[ItemCode]>;

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.iso.date();
const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const applicantShape = z.object({
  name: text(50),
  sex: z.enum(sexes),
  idType: z.enum(idTypes),
  /** Upper-cased on output (a lowercase x is accepted). */
  idNumber: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase()),
  /** `YYYY-MM-DD`; optional except for the 2017 foreigner card, derived from the ID otherwise. */
  birthDate: isoDate.optional(),
  /** GB/T 3304 two-digit code, e.g. `01` for 汉族. */
  ethnicGroup: z.string().regex(/^\d{2}$/),
  /** Mobile number; `+86` and spaces are removed on output. */
  phone: z.string().transform((value) => value.replace(/[\s-]/g, '').replace(/^\+86/, '')),
  /** 6-digit code of the county or district where the applicant applies; decides the city. */
  divisionCode: z.string().regex(/^\d{6}$/),
  /** Required for women; absent for men. */
  retirementBase: z.enum(womenRetirementBases).optional(),
  /** 增员年月, `YYYY-MM`. */
  insuranceStartMonth: isoMonth,
});

export const cardShape = z.object({
  idIssuingAuthority: text(60),
  idValidFrom: isoDate,
  /** `YYYY-MM-DD` or `长期` (no end date). */
  idValidTo: z.union([isoDate, z.literal('长期')]),
  /** Code of a bank on the city's list (`card-banks.v1.json`). */
  bankCode: z.string().trim().min(1),
  mailCard: z.boolean(),
  /** Required when `mailCard` is true. */
  mailingAddress: text(120).optional(),
});

export const archiveShape = z.object({
  /** Where the archive is held now (school, talent centre, former employer, …). */
  currentInstitution: text(80),
  receivingInstitution: z.object({
    basis: z.enum(archiveReceivingBases),
    /** 6-digit code of the county whose public employment service receives the archive. */
    divisionCode: z.string().regex(/^\d{6}$/),
    name: text(80),
  }),
});

export const medicalShape = z.object({
  category: z.enum(medicalCategories),
  livesInShandong: z.boolean(),
  /** A self-employed applicant's business, when registered. */
  business: z
    .object({
      businessName: text(100),
      /** 统一社会信用代码, 18 characters, upper-cased on output. */
      unifiedSocialCreditCode: z
        .string()
        .trim()
        .transform((value) => value.toUpperCase()),
    })
    .optional(),
});

export const contributionShape = z.object({
  /** Monthly pension contribution base in yuan. */
  pensionBase: z.number(),
  paymentFrequency: z.enum(paymentFrequencies),
});

export const employmentShape = z.object({
  ableToWork: z.boolean(),
  working: z.boolean(),
  occupation: text(60).optional(),
});

export const housingFundShape = z.object({
  /** Monthly deposit base in yuan. */
  depositBase: z.number(),
  /** Percent, a whole number from 10 to 24. */
  depositRatio: z.number().int(),
});

/** The form's fields and formats; rules needing reference data are added by the factory. */
export const applicationFormShape = z.object({
  items: z.array(z.enum(itemCodes as [ItemCode, ...ItemCode[]])).min(1),
  applicant: applicantShape,
  card: cardShape.optional(),
  archive: archiveShape.optional(),
  medical: medicalShape.optional(),
  contribution: contributionShape.optional(),
  employment: employmentShape.optional(),
  housingFund: housingFundShape.optional(),
});

type ShapeOutput = z.output<typeof applicationFormShape>;

/** The applicant as accepted: `birthDate` is always present (taken from the ID if not sent). */
export type Applicant = Omit<ShapeOutput['applicant'], 'birthDate'> & { birthDate: string };

/** An accepted application form, as stored and as workers read it. */
export type ApplicationForm = Omit<ShapeOutput, 'applicant'> & { applicant: Applicant };

/** What a client sends (before trimming and normalising). */
export type ApplicationFormInput = z.input<typeof applicationFormShape>;
