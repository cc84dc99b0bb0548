import { paymentFrequenciesOf, pensionBaseRange } from '../../../server/reference-data/lookups.ts';
import type { ReferenceData } from '../../../server/reference-data/reference-data.ts';
import { issueNumber } from '../reference/issued-numbers.ts';
import { beijingYear, holdsRecord, lookup, yuan } from '../reference/records.ts';
import type { ItemRules } from '../reference/reference-desk.ts';
import type { ContributionRequest } from './tax-system.ts';

/**
 * 灵活就业人员社会保险费申报 (DOMAIN.md "Contributions"): a pension base within 60 %–300 % of
 * the previous year's province-wide average wage for the start month's year, a payment
 * frequency the city offers, no declaration already on file. The assessment: pension at
 * the configured rate (20 %) and medical insurance at the city's rate, both on the chosen
 * base, per month and per payment.
 */
export function contributionDeclarationRules(
  reference: ReferenceData,
): ItemRules<ContributionRequest> {
  return {
    item: 'contribution-declaration',

    async refusal(trx, request) {
      const { applicant, contribution } = request.form;
      const range = baseRange(reference, request);
      if (contribution.pensionBase < range.min || contribution.pensionBase > range.max) {
        return `缴费基数应在 ${range.min} 元至 ${range.max} 元之间（${range.configuredYear} 年度标准），请重新选择`;
      }
      if (!paymentFrequenciesOf(reference, request.city).includes(contribution.paymentFrequency)) {
        return '本市不提供所选缴费方式，请重新选择';
      }
      if (await holdsRecord(trx, 'contribution_assessments', applicant.idNumber)) {
        return '已办理灵活就业人员社会保险费申报，无需重复申报';
      }
      return undefined;
    },

    async issue(trx, request, decidedAt) {
      const { applicant, contribution } = request.form;
      const assessment = assess(reference, request);
      const number = await issueNumber(
        trx,
        'assessment',
        'SF',
        request.city,
        beijingYear(decidedAt),
      );
      await trx('contribution_assessments').insert({
        assessment_number: number,
        application_id: request.applicationId,
        id_number: applicant.idNumber,
        city: request.city,
        insurance_start_month: applicant.insuranceStartMonth,
        pension_base: contribution.pensionBase,
        pension_rate: assessment.pensionRate,
        pension_monthly: assessment.pensionMonthly,
        medical_rate: assessment.medicalRate,
        medical_monthly: assessment.medicalMonthly,
        monthly_amount: assessment.monthlyAmount,
        payment_frequency: contribution.paymentFrequency,
        amount_per_payment: assessment.amountPerPayment,
        assessed_at: decidedAt,
      });
      return {
        assessmentNumber: number,
        pensionBase: contribution.pensionBase,
        pensionMonthly: assessment.pensionMonthly,
        medicalMonthly: assessment.medicalMonthly,
        monthlyAmount: assessment.monthlyAmount,
        paymentFrequency: contribution.paymentFrequency,
        amountPerPayment: assessment.amountPerPayment,
      };
    },
  };
}

// helpers ------------------------------------------------------------------

const monthsPerPayment = { monthly: 1, quarterly: 3, 'half-yearly': 6, yearly: 12 } as const;

function baseRange(reference: ReferenceData, request: ContributionRequest) {
  const year = Number(request.form.applicant.insuranceStartMonth.slice(0, 4));
  return lookup(() => pensionBaseRange(reference, year));
}

/**
 * The medical base is taken equal to the pension base: the form asks for one base only.
 * Cities that set a separate medical base for flexible workers would be assessed wrongly.
 */
function assess(reference: ReferenceData, request: ContributionRequest) {
  const { pensionBase, paymentFrequency } = request.form.contribution;
  const pensionRate = reference.contributions.pension.rate;
  const medicalRate =
    reference.contributions.medical.byCity[request.city] ??
    reference.contributions.medical.defaultRate;
  const pensionMonthly = yuan(pensionBase * pensionRate);
  const medicalMonthly = yuan(pensionBase * medicalRate);
  const monthlyAmount = yuan(pensionMonthly + medicalMonthly);
  return {
    pensionRate,
    pensionMonthly,
    medicalRate,
    medicalMonthly,
    monthlyAmount,
    amountPerPayment: yuan(monthlyAmount * monthsPerPayment[paymentFrequency]),
  };
}
