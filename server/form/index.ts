/**
 * The joint application form: its schema and type, the rules that accept it, the facts
 * derived from it, and synthetic samples. What `server/` and `workers/` import.
 */

export {
  applicationFormShape,
  idTypes,
  idTypeNames,
  itemNames,
  medicalCategories,
  paymentFrequencies,
  sectionOfItem,
  sectionNames,
  sexes,
  womenRetirementBases,
  type Applicant,
  type ApplicationForm,
  type ApplicationFormInput,
  type IdType,
  type MedicalCategory,
  type PaymentFrequency,
  type SectionName,
  type Sex,
  type WomenRetirementBase,
} from './application-form.ts';
export {
  createApplicationFormSchema,
  type ApplicationFormSchema,
  type FormRulesContext,
} from './application-rules.ts';
export { todayInBeijing } from './calendar-date.ts';
export { fallbackMessage, toFieldErrors, type FieldError } from './field-errors.ts';
export {
  checkIdentityNumber,
  type IdentityCheck,
  type IdentityFacts,
  type IdentityProblem,
} from './identity-number.ts';
export {
  ageOn,
  applicantRetirementMonth,
  minimumContributionYears,
  retirementCategoryOf,
  statutoryRetirementMonth,
  type RetirementCategory,
} from './retirement.ts';
export { QINGDAO, routingFacts, taxDepartment } from './routing.ts';
export { socialCreditCodeProblem } from './social-credit-code.ts';
export { validateApplicationForm, type FormValidation } from './validate.ts';
export { cityOf, countyOf } from '../reference-data/lookups.ts';
export { loadReferenceData, type ReferenceData } from '../reference-data/reference-data.ts';
