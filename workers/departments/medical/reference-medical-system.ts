import type { ItemCode } from '../../../bpmn/process-contract.ts';
import type { Database } from '../../../platform/database.ts';
import { ReferenceDesk } from '../reference/reference-desk.ts';
import type { ReferenceSystemOptions } from '../reference/reference-options.ts';
import { medicalEnrollmentRules } from './medical-rules.ts';
import type { MedicalRequest, MedicalSystem } from './medical-system.ts';

/** The medical insurance department's reference system (owner `medical`). */
export class ReferenceMedicalSystem implements MedicalSystem {
  readonly desk: ReferenceDesk;

  constructor(db: Database, options: ReferenceSystemOptions) {
    this.desk = new ReferenceDesk(db, [medicalEnrollmentRules], {
      department: 'medical',
      review: options.review,
      clock: options.clock,
    });
  }

  enroll(request: MedicalRequest) {
    return this.desk.submit(request);
  }

  undeliveredDecisions(limit: number) {
    return this.desk.undeliveredDecisions(limit);
  }

  markDelivered(applicationId: string, item: ItemCode) {
    return this.desk.markDelivered(applicationId, item);
  }
}
