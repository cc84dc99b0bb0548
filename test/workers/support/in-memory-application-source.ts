import { items, type ItemCode, type ItemResult } from '../../../bpmn/process-contract.ts';
import {
  itemDepartment,
  itemStates,
  type ApplicationView,
  type Escalation,
  type ItemProgress,
  type Mailing,
} from '../../../server/department-api/contract.ts';
import type {
  ApplicationSource,
  Photo,
} from '../../../workers/application-source/application-source.ts';
import { WorkerError } from '../../../workers/errors.ts';
import { itemRequestOf, type SyntheticApplication } from './synthetic-applications.ts';

/** A tiny PNG header: enough bytes to stand for the applicant's photo. */
export const SAMPLE_PHOTO: Photo = {
  contentType: 'image/png',
  bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};

/**
 * The application store as the workers see it, in memory, with the server's semantics:
 * unknown application or item → `APPLICATION_NOT_FOUND`; writes idempotent; a different
 * outcome for a decided item → refused (`OUTCOME_CONFLICT`).
 */
export class InMemoryApplicationSource implements ApplicationSource {
  readonly applications = new Map<string, SyntheticApplication>();
  readonly outcomes = new Map<string, ItemResult>();
  readonly escalations = new Map<string, Escalation>();
  readonly mailings = new Map<string, Mailing>();

  add(...applications: SyntheticApplication[]): this {
    for (const application of applications) {
      this.applications.set(application.applicationId, application);
    }
    return this;
  }

  async itemRequest(applicationId: string, item: ItemCode) {
    return itemRequestOf(this.chosen(applicationId, item), item);
  }

  async photo(applicationId: string): Promise<Photo> {
    this.chosen(applicationId, 'social-security-card');
    return SAMPLE_PHOTO;
  }

  async application(applicationId: string): Promise<ApplicationView> {
    const application = this.find(applicationId);
    return {
      applicationId,
      receiptNumber: application.receiptNumber,
      city: application.city,
      receivedAt: application.receivedAt,
      channel: 'online',
      identityVerifiedBy: 'data-sharing',
      items: application.form.items.map((item) => this.progress(application, item)),
      form: application.form,
    };
  }

  async recordOutcome(applicationId: string, result: ItemResult) {
    const application = this.chosen(applicationId, result.item);
    const key = `${applicationId}:${result.item}`;
    const stored = this.outcomes.get(key);
    if (stored && stored.outcome !== result.outcome) {
      throw new WorkerError('APPLICATION_SOURCE_REFUSED', 'PUT outcome → 409 OUTCOME_CONFLICT');
    }
    if (!stored) this.outcomes.set(key, result);
    return this.progress(application, result.item);
  }

  async recordEscalation(applicationId: string, item: ItemCode, escalation: Escalation) {
    const application = this.chosen(applicationId, item);
    const key = `${applicationId}:${item}`;
    if (!this.escalations.has(key)) this.escalations.set(key, escalation);
    return this.progress(application, item);
  }

  async recordMailing(applicationId: string, mailing: Mailing) {
    const application = this.chosen(applicationId, 'social-security-card');
    if (!this.mailings.has(applicationId)) this.mailings.set(applicationId, mailing);
    return this.progress(application, 'social-security-card');
  }

  private progress(application: SyntheticApplication, item: ItemCode): ItemProgress {
    const key = `${application.applicationId}:${item}`;
    const result = this.outcomes.get(key);
    const escalation = this.escalations.get(key);
    const state = result
      ? result.outcome === 'approved'
        ? 'completed'
        : 'rejected'
      : escalation
        ? 'overdue'
        : 'in-review';
    const mailing = this.mailings.get(application.applicationId);
    return {
      item,
      name: items[item].name,
      department: itemDepartment(item, application.city),
      state,
      stateLabel: itemStates[state],
      ...(result && { result }),
      ...(escalation && { escalation }),
      ...(item === 'social-security-card' && mailing && { mailing }),
    };
  }

  private find(applicationId: string): SyntheticApplication {
    const application = this.applications.get(applicationId);
    if (!application) throw new WorkerError('APPLICATION_NOT_FOUND', `<${applicationId}>`);
    return application;
  }

  private chosen(applicationId: string, item: ItemCode): SyntheticApplication {
    const application = this.find(applicationId);
    if (!application.form.items.includes(item)) {
      throw new WorkerError('APPLICATION_NOT_FOUND', `<${applicationId}> ${item}`);
    }
    return application;
  }
}
