import type { ItemCode } from '../../../bpmn/process-contract.ts';
import type { Database } from '../../../platform/database.ts';
import { ReferenceDesk } from '../reference/reference-desk.ts';
import type { ReferenceSystemOptions } from '../reference/reference-options.ts';
import { contributionDeclarationRules } from './tax-rules.ts';
import type { ContributionRequest, TaxSystem } from './tax-system.ts';

/**
 * A tax bureau's reference system: the province's (`tax`, owner `tax`) or Qingdao's
 * (`tax-qingdao`, owner `tax_qingdao`), the same rules on separate records.
 */
export class ReferenceTaxSystem implements TaxSystem {
  readonly desk: ReferenceDesk;

  constructor(
    db: Database,
    options: ReferenceSystemOptions & { department: 'tax' | 'tax-qingdao' },
  ) {
    this.desk = new ReferenceDesk(db, [contributionDeclarationRules(options.reference)], {
      department: options.department,
      review: options.review,
      clock: options.clock,
    });
  }

  declareContributions(request: ContributionRequest) {
    return this.desk.submit(request);
  }

  undeliveredDecisions(limit: number) {
    return this.desk.undeliveredDecisions(limit);
  }

  markDelivered(applicationId: string, item: ItemCode) {
    return this.desk.markDelivered(applicationId, item);
  }
}
