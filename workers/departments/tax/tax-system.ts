import type { DecisionFeed, RequestWith, Submit } from '../department-system.ts';

export type ContributionRequest = RequestWith<'contribution'>;

/**
 * A tax bureau's system (税务部门): the province's, or Qingdao's own bureau for 3702xx
 * applicants (the same code, another configuration). Implemented by
 * `ReferenceTaxSystem` and `HttpDepartmentSystem`; see `Submit` for the contract.
 */
export interface TaxSystem extends DecisionFeed {
  /** 灵活就业人员社会保险费申报: assesses the monthly pension and medical contributions. */
  declareContributions: Submit<ContributionRequest>;
}
