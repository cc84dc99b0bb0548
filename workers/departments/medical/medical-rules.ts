import { issueNumber } from '../reference/issued-numbers.ts';
import { beijingYear, holdsRecord } from '../reference/records.ts';
import type { ItemRules } from '../reference/reference-desk.ts';
import type { MedicalRequest } from './medical-system.ts';

/**
 * 灵活就业人员基本医疗保险参保登记 (DOMAIN.md): lives in Shandong; self-employed without
 * employees, part-time without employer medical insurance, or other flexible work (the
 * form's categories); not enrolled already.
 */
export const medicalEnrollmentRules: ItemRules<MedicalRequest> = {
  item: 'medical-enrollment',

  async refusal(trx, { form: { applicant, medical } }) {
    if (!medical.livesInShandong) return '非山东省常住人员，请在常住地参加基本医疗保险';
    if (await holdsRecord(trx, 'medical_enrollments', applicant.idNumber)) {
      return '已参加基本医疗保险，无需重复办理参保登记';
    }
    return undefined;
  },

  async issue(trx, request, decidedAt) {
    const { applicant, medical } = request.form;
    const number = await issueNumber(trx, 'medical', 'YB', request.city, beijingYear(decidedAt));
    await trx('medical_enrollments').insert({
      enrollment_number: number,
      application_id: request.applicationId,
      id_number: applicant.idNumber,
      city: request.city,
      category: medical.category,
      insurance_start_month: applicant.insuranceStartMonth,
      enrolled_at: decidedAt,
    });
    return {
      medicalEnrollmentNumber: number,
      category: medical.category,
      insuranceStartMonth: applicant.insuranceStartMonth,
    };
  },
};
