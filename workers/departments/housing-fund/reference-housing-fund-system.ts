import type { ItemCode } from '../../../bpmn/process-contract.ts';
import type { Database } from '../../../platform/database.ts';
import { ReferenceDesk } from '../reference/reference-desk.ts';
import type { ReferenceSystemOptions } from '../reference/reference-options.ts';
import { housingFundAccountRules } from './housing-fund-rules.ts';
import type { HousingFundRequest, HousingFundSystem } from './housing-fund-system.ts';

/** The housing fund centre's reference system (owner `housing_fund`). */
export class ReferenceHousingFundSystem implements HousingFundSystem {
  readonly desk: ReferenceDesk;

  constructor(db: Database, options: ReferenceSystemOptions) {
    this.desk = new ReferenceDesk(db, [housingFundAccountRules(options.reference)], {
      department: 'housing-fund',
      review: options.review,
      clock: options.clock,
    });
  }

  openAccount(request: HousingFundRequest) {
    return this.desk.submit(request);
  }

  undeliveredDecisions(limit: number) {
    return this.desk.undeliveredDecisions(limit);
  }

  markDelivered(applicationId: string, item: ItemCode) {
    return this.desk.markDelivered(applicationId, item);
  }
}
