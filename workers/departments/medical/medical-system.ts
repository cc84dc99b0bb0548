import type { DecisionFeed, RequestWith, Submit } from '../department-system.ts';

export type MedicalRequest = RequestWith<'medical'>;

/**
 * The medical insurance department's system (医疗保障部门). Implemented by
 * `ReferenceMedicalSystem` and `HttpDepartmentSystem`; see `Submit` for the contract.
 */
export interface MedicalSystem extends DecisionFeed {
  /** 灵活就业人员基本医疗保险参保登记. */
  enroll: Submit<MedicalRequest>;
}
