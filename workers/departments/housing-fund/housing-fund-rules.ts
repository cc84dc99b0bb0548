import {
  housingFundBaseRange,
  housingFundRatioRange,
} from '../../../server/reference-data/lookups.ts';
import type { ReferenceData } from '../../../server/reference-data/reference-data.ts';
import { issueNumber } from '../reference/issued-numbers.ts';
import { beijingYear, holdsRecord, lookup, yuan } from '../reference/records.ts';
import type { ItemRules } from '../reference/reference-desk.ts';
import type { HousingFundRequest } from './housing-fund-system.ts';

/**
 * 住房公积金个人账户设立 (DOMAIN.md): no active account (a sealed one is allowed); the
 * deposit base within the city's range for this year; the ratio within 10 %–24 % (both
 * halves, paid by the person). Issues the account with its monthly deposit.
 */
export function housingFundAccountRules(reference: ReferenceData): ItemRules<HousingFundRequest> {
  return {
    item: 'housing-fund-account',

    async refusal(trx, request, today) {
      const { applicant, housingFund } = request.form;
      if (
        await holdsRecord(trx, 'housing_fund_accounts', applicant.idNumber, { state: 'active' })
      ) {
        return '已有正常缴存状态的住房公积金个人账户，不能重复设立；原账户封存后方可申请';
      }
      const base = lookup(() =>
        housingFundBaseRange(reference, Number(today.slice(0, 4)), request.city),
      );
      if (housingFund.depositBase < base.min || housingFund.depositBase > base.max) {
        return `缴存基数应在 ${base.min} 元至 ${base.max} 元之间（${base.configuredYear} 年度本市标准）`;
      }
      const ratio = housingFundRatioRange(reference);
      const { depositRatio } = housingFund;
      if (!Number.isInteger(depositRatio) || depositRatio < ratio.min || depositRatio > ratio.max) {
        return `缴存比例应为 ${ratio.min}% 至 ${ratio.max}% 之间的整数`;
      }
      return undefined;
    },

    async issue(trx, request, decidedAt) {
      const { applicant, housingFund } = request.form;
      const number = await issueNumber(trx, 'account', 'GJJ', request.city, beijingYear(decidedAt));
      const monthlyDeposit = yuan((housingFund.depositBase * housingFund.depositRatio) / 100);
      await trx('housing_fund_accounts').insert({
        account_number: number,
        application_id: request.applicationId,
        id_number: applicant.idNumber,
        city: request.city,
        state: 'active',
        deposit_base: housingFund.depositBase,
        deposit_ratio: housingFund.depositRatio,
        monthly_deposit: monthlyDeposit,
        opened_at: decidedAt,
      });
      return {
        accountNumber: number,
        depositBase: housingFund.depositBase,
        depositRatio: housingFund.depositRatio,
        monthlyDeposit,
      };
    },
  };
}
