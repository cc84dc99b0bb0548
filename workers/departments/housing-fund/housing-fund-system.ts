import type { DecisionFeed, RequestWith, Submit } from '../department-system.ts';

export type HousingFundRequest = RequestWith<'housingFund'>;

/**
 * The housing provident fund centre's system (住房公积金管理中心). Implemented by
 * `ReferenceHousingFundSystem` and `HttpDepartmentSystem`; see `Submit` for the contract.
 */
export interface HousingFundSystem extends DecisionFeed {
  /** 住房公积金个人账户设立: only without an active account (a sealed one may remain). */
  openAccount: Submit<HousingFundRequest>;
}
