import type { ItemRequest } from '../../../server/department-api/contract.ts';
import { cardBanksOf, cityOf } from '../../../server/reference-data/lookups.ts';
import type { ReferenceData } from '../../../server/reference-data/reference-data.ts';
import { ageOn, RETIREMENT_BASE_MISSING, retirementMonthOf } from '../reference/applicant-facts.ts';
import { issueNumber } from '../reference/issued-numbers.ts';
import { beijingYear, holdsRecord } from '../reference/records.ts';
import type { ItemRules } from '../reference/reference-desk.ts';
import type { ArchiveRequest, CardRequest, EmploymentRequest } from './hrss-system.ts';

/**
 * HRSS's acceptance rules (DOMAIN.md "The seven items") and what it issues. Each refusal is
 * the reason shown to the applicant, in Chinese; checks run in the order listed.
 */

/** 灵活就业人员参保登记: under retirement age at the start month, 16 or older, not enrolled. */
export const pensionEnrollmentRules: ItemRules<ItemRequest> = {
  item: 'pension-enrollment',

  async refusal(trx, { form: { applicant } }) {
    const retirement = retirementMonthOf(applicant);
    if (!retirement) return RETIREMENT_BASE_MISSING;
    if (applicant.insuranceStartMonth >= retirement) {
      return `增员年月（${applicant.insuranceStartMonth}）已达到法定退休年龄（${retirement}），不能以灵活就业人员身份新参加职工基本养老保险`;
    }
    if (ageOn(applicant.birthDate, `${applicant.insuranceStartMonth}-01`) < 16) {
      return '增员年月时未满16周岁，不能参加职工基本养老保险';
    }
    if (await holdsRecord(trx, 'pension_enrollments', applicant.idNumber)) {
      return '已参加职工基本养老保险，无需重复办理参保登记';
    }
    return undefined;
  },

  async issue(trx, request, decidedAt) {
    const { applicant } = request.form;
    const enrollmentNumber = await issueNumber(
      trx,
      'pension',
      'YL',
      request.city,
      beijingYear(decidedAt),
    );
    await trx('pension_enrollments').insert({
      enrollment_number: enrollmentNumber,
      application_id: request.applicationId,
      id_number: applicant.idNumber,
      city: request.city,
      insurance_start_month: applicant.insuranceStartMonth,
      enrolled_at: decidedAt,
    });
    return { enrollmentNumber, insuranceStartMonth: applicant.insuranceStartMonth };
  },
};

/** 社会保障卡申领: never applied, identity document valid, a bank of the city, an address to mail to. */
export function cardRules(reference: ReferenceData): ItemRules<CardRequest> {
  return {
    item: 'social-security-card',

    async refusal(trx, request, today) {
      const { applicant, card } = request.form;
      if (await holdsRecord(trx, 'card_applications', applicant.idNumber)) {
        return '已申领过社会保障卡，不能重复申领；如需补领、换领，请办理补换卡业务';
      }
      if (card.idValidTo !== '长期' && card.idValidTo < today) {
        return '身份证件已过有效期，请更新证件后再申领社会保障卡';
      }
      if (!bankOf(reference, request)) {
        return '所选发卡银行不是本市社会保障卡合作银行，请重新选择';
      }
      if (card.mailCard && !card.mailingAddress) return '选择邮寄社会保障卡的，须填写邮寄地址';
      return undefined;
    },

    async issue(trx, request, decidedAt) {
      const { applicant, card } = request.form;
      const number = await issueNumber(trx, 'card', 'SB', request.city, beijingYear(decidedAt));
      await trx('card_applications').insert({
        card_application_number: number,
        application_id: request.applicationId,
        id_number: applicant.idNumber,
        city: request.city,
        bank_code: card.bankCode,
        delivery: card.mailCard ? 'mail' : 'counter',
        mailing_address: card.mailCard ? card.mailingAddress : null,
        applied_at: decidedAt,
      });
      return {
        cardApplicationNumber: number,
        bankCode: card.bankCode,
        bankName: bankOf(reference, request)?.name ?? card.bankCode,
        delivery: card.mailCard ? 'mail' : 'counter',
      };
    },
  };
}

/**
 * 流动人员人事档案接收和转递: to a county public employment service in Shandong, of the
 * household registration or (same city as the application) of the flexible work; one open
 * transfer per person.
 */
export function archiveTransferRules(reference: ReferenceData): ItemRules<ArchiveRequest> {
  return {
    item: 'archive-transfer',

    async refusal(trx, { form: { applicant, archive } }) {
      const receiving = archive.receivingInstitution;
      if (!cityOf(reference, receiving.divisionCode)) {
        return '接收机构须为山东省内户籍地或灵活就业地的县级公共就业服务机构';
      }
      // Household registration is not on the form: by that basis only the province is checked.
      const sameCity =
        cityOf(reference, receiving.divisionCode)?.code ===
        cityOf(reference, applicant.divisionCode)?.code;
      if (receiving.basis === 'flexible-work' && !sameCity) {
        return '按灵活就业地转递的，接收机构须为灵活就业所在市的县级公共就业服务机构';
      }
      if (archive.currentInstitution.trim() === receiving.name.trim()) {
        return '档案已存放在所选接收机构，无需转递';
      }
      if (await holdsRecord(trx, 'archive_transfers', applicant.idNumber, { state: 'ordered' })) {
        return '已有正在办理的档案转递，请办结后再申请';
      }
      return undefined;
    },

    async issue(trx, request, decidedAt) {
      const { applicant, archive } = request.form;
      const number = await issueNumber(trx, 'archive', 'DA', request.city, beijingYear(decidedAt));
      await trx('archive_transfers').insert({
        transfer_order_number: number,
        application_id: request.applicationId,
        id_number: applicant.idNumber,
        from_institution: archive.currentInstitution,
        to_institution: archive.receivingInstitution.name,
        to_division_code: archive.receivingInstitution.divisionCode,
        basis: archive.receivingInstitution.basis,
        state: 'ordered',
        ordered_at: decidedAt,
      });
      return {
        transferOrderNumber: number,
        receivingInstitution: archive.receivingInstitution.name,
      };
    },
  };
}

/** 灵活就业登记: able to work, already working, 16 up to retirement age, not registered. */
export const employmentRegistrationRules: ItemRules<EmploymentRequest> = {
  item: 'employment-registration',

  async refusal(trx, { form: { applicant, employment } }, today) {
    if (!employment.ableToWork) return '不具备劳动能力，不能办理灵活就业登记';
    if (!employment.working) return '尚未从事灵活就业，请开始从业后再办理灵活就业登记';
    if (ageOn(applicant.birthDate, today) < 16) return '未满16周岁，不能办理灵活就业登记';
    const retirement = retirementMonthOf(applicant);
    if (!retirement) return RETIREMENT_BASE_MISSING;
    if (today.slice(0, 7) >= retirement) {
      return `已达到法定退休年龄（${retirement}），不能办理灵活就业登记`;
    }
    if (await holdsRecord(trx, 'employment_registrations', applicant.idNumber)) {
      return '已办理灵活就业登记，无需重复办理';
    }
    return undefined;
  },

  async issue(trx, request, decidedAt) {
    const number = await issueNumber(trx, 'employment', 'JY', request.city, beijingYear(decidedAt));
    await trx('employment_registrations').insert({
      registration_number: number,
      application_id: request.applicationId,
      id_number: request.form.applicant.idNumber,
      city: request.city,
      occupation: request.form.employment.occupation ?? null,
      registered_at: decidedAt,
    });
    return { registrationNumber: number };
  },
};

// helpers ------------------------------------------------------------------

function bankOf(reference: ReferenceData, request: CardRequest) {
  return cardBanksOf(reference, request.city).find(
    (bank) => bank.code === request.form.card.bankCode,
  );
}
