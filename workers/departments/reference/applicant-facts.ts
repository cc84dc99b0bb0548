import type { Applicant } from '../../../server/form/application-form.ts';
import { applicantRetirementMonth, ageOn } from '../../../server/form/retirement.ts';

/**
 * Facts about an applicant the departments' rules share, from the form's own helpers
 * (`server/form/retirement.ts`).
 */

export { ageOn };

/**
 * The month (`YYYY-MM`) the applicant reaches statutory retirement age, or undefined for a
 * woman whose original retirement age (50 or 55) HRSS has not set on the form.
 */
export function retirementMonthOf(applicant: Applicant): string | undefined {
  if (applicant.sex === 'female' && !applicant.retirementBase) return undefined;
  return applicantRetirementMonth(applicant);
}

/** Refusal when the retirement category is missing; HRSS must set it first. */
export const RETIREMENT_BASE_MISSING =
  '女性申请人须先由人力资源社会保障部门确定原法定退休年龄（50周岁或55周岁）';
