import { createHash } from 'node:crypto';

import type { Knex } from 'knex';

import type { ItemCode } from '../../../bpmn/process-contract.ts';
import type { Database } from '../../../platform/database.ts';
import type { ItemRequest } from '../../../server/department-api/contract.ts';
import type { Photo } from '../../application-source/application-source.ts';
import { beijingTimestamp } from '../../calendar/beijing-time.ts';
import { WorkerError } from '../../errors.ts';
import { issueNumber } from '../reference/issued-numbers.ts';
import { beijingYear } from '../reference/records.ts';
import { ReferenceDesk } from '../reference/reference-desk.ts';
import type { ReferenceSystemOptions } from '../reference/reference-options.ts';
import {
  archiveTransferRules,
  cardRules,
  employmentRegistrationRules,
  pensionEnrollmentRules,
} from './hrss-rules.ts';
import type {
  ArchiveRequest,
  CardMailed,
  CardRequest,
  EmploymentRequest,
  HrssSystem,
} from './hrss-system.ts';

/**
 * HRSS's reference system: its records in the `hrss` database (`hrssMigrations`), the
 * acceptance rules of `hrss-rules.ts`, decided at once or after review (`desk`).
 */
export class ReferenceHrssSystem implements HrssSystem {
  readonly desk: ReferenceDesk;
  private readonly clock: () => Date;

  constructor(
    private readonly db: Database,
    options: ReferenceSystemOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.desk = new ReferenceDesk(
      db,
      [
        pensionEnrollmentRules,
        cardRules(options.reference),
        archiveTransferRules(options.reference),
        employmentRegistrationRules,
      ],
      { department: 'hrss', review: options.review, clock: this.clock },
    );
  }

  enrollPension(request: ItemRequest) {
    return this.desk.submit(request);
  }

  applyForCard(request: CardRequest, photo: Photo) {
    return this.desk.submit(request, (trx) => keepPhoto(trx, request.applicationId, photo));
  }

  transferArchive(request: ArchiveRequest) {
    return this.desk.submit(request);
  }

  registerEmployment(request: EmploymentRequest) {
    return this.desk.submit(request);
  }

  /** Idempotent per application: a card already posted answers its tracking number. */
  mailCard(request: CardRequest): Promise<CardMailed> {
    const applicationId = request.applicationId;
    return this.db.transaction(async (trx) => {
      const mailed = await trx('card_mailings').where({ application_id: applicationId }).first();
      if (mailed) return mailingOf(mailed);

      const card = await trx('card_applications').where({ application_id: applicationId }).first();
      if (!card) throw new WorkerError('CARD_NOT_APPROVED', `<${applicationId}>`);
      if (card.delivery !== 'mail') {
        throw new WorkerError('CARD_NOT_APPROVED', `<${applicationId}> 申请人选择窗口领取`);
      }

      const now = this.clock();
      const row = {
        application_id: applicationId,
        tracking_number: await issueNumber(trx, 'mailing', 'EMS', card.city, beijingYear(now)),
        mailed_at: now,
      };
      await trx('card_mailings').insert(row);
      return mailingOf(row);
    });
  }

  undeliveredDecisions(limit: number) {
    return this.desk.undeliveredDecisions(limit);
  }

  markDelivered(applicationId: string, item: ItemCode) {
    return this.desk.markDelivered(applicationId, item);
  }
}

// helpers ------------------------------------------------------------------

async function keepPhoto(trx: Knex.Transaction, applicationId: string, photo: Photo) {
  await trx('card_photos')
    .insert({
      application_id: applicationId,
      content_type: photo.contentType,
      bytes: Buffer.from(photo.bytes),
      sha256: createHash('sha256').update(photo.bytes).digest('hex'),
    })
    .onConflict('application_id')
    .ignore();
}

function mailingOf(row: { tracking_number: string; mailed_at: Date | string }): CardMailed {
  return {
    trackingNumber: row.tracking_number,
    mailedAt: beijingTimestamp(new Date(row.mailed_at)),
  };
}
