import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemCodes, type ItemCode } from '../../bpmn/process-contract.ts';
import { ServiceCallError, ServiceClient, settled } from '../../server/client/service-client.ts';
import type { ApplicationFormInput } from '../../server/form/application-form.ts';
import { sampleApplicationForm } from '../../server/form/synthetic.ts';
import { cardPhoto } from '../../server/materials/sample-images.ts';
import { loadReferenceData } from '../../server/reference-data/reference-data.ts';
import { databaseTargets } from '../support/databases.ts';
import { startTestService, type RunningService } from './support/service-harness.ts';

const referenceData = loadReferenceData();

/**
 * The whole service through its HTTP API: the embedded engine and gateway, the deployed
 * model, the server and every worker with the reference department systems answering at
 * once. Each application is followed until every chosen item has its outcome.
 */
describe.each(databaseTargets)('the service end to end on $name', (target) => {
  let running: RunningService;
  let online: ServiceClient;
  let manager: ServiceClient;
  // Distinct applicants per run: the reference systems refuse a second enrollment.
  let seed = Math.floor(Math.random() * 300);

  beforeAll(async () => {
    running = await startTestService(target);
    online = new ServiceClient(running.service.urls.server, 'dev-online');
    manager = new ServiceClient(running.service.urls.server, 'dev-manager');
  }, 600_000);

  afterAll(async () => {
    await running?.stop();
  }, 120_000);

  function form(items: readonly ItemCode[], options: { divisionCode?: string } = {}) {
    return sampleApplicationForm(referenceData, { items, seed: seed++, ...options });
  }

  async function submit(applicationForm: ApplicationFormInput, idempotencyKey?: string) {
    const materials = applicationForm.items.includes('social-security-card')
      ? { photo: await online.upload('photo', cardPhoto()) }
      : {};
    return online.submit({ form: applicationForm, materials }, idempotencyKey);
  }

  async function settle(statusToken: string) {
    const status = await online.waitUntilSettled(statusToken, 90_000);
    expect(settled(status), JSON.stringify(status.items)).toBe(true);
    return status;
  }

  it('approves all seven items with their results and mails the card', async () => {
    // given an applicant who applies for everything and asks for the card by mail
    const submission = await submit(form(itemCodes));

    // when every department has answered
    const status = await settle(submission.statusToken);

    // then each item is done with what its department issued
    expect(status.stateLabel).toBe('已全部办结');
    expect(status.items.map((item) => item.stateLabel)).toEqual(Array(7).fill('已办结'));
    const byItem = Object.fromEntries(status.items.map((item) => [item.item, item]));
    expect(byItem['pension-enrollment']!.result!.details).toHaveProperty('enrollmentNumber');
    expect(byItem['medical-enrollment']!.result!.details).toHaveProperty('medicalEnrollmentNumber');
    expect(byItem['housing-fund-account']!.result!.details).toHaveProperty('accountNumber');
    expect(byItem['social-security-card']!.mailing).toMatchObject({ state: 'mailed' });
  }, 120_000);

  it('handles a subset of items and a Qingdao applicant’s declaration', async () => {
    // given a Qingdao applicant choosing three items
    const submission = await submit(
      form(['pension-enrollment', 'medical-enrollment', 'contribution-declaration'], {
        divisionCode: '370202',
      }),
    );

    // when settled
    const status = await settle(submission.statusToken);

    // then only those three were handled, the declaration by Qingdao's tax bureau
    expect(status.items.map((item) => item.item)).toEqual([
      'pension-enrollment',
      'medical-enrollment',
      'contribution-declaration',
    ]);
    expect(status.items.every((item) => item.state === 'completed')).toBe(true);
    expect(status.items[2]!.departmentName).toBe('青岛市税务部门');
  }, 120_000);

  it('refuses one ineligible item with its reason while the rest complete', async () => {
    // given an applicant who does not live in Shandong asking for medical insurance
    const applicationForm = form([
      'pension-enrollment',
      'medical-enrollment',
      'employment-registration',
    ]);
    applicationForm.medical!.livesInShandong = false;

    // when settled
    const status = await settle((await submit(applicationForm)).statusToken);

    // then medical is refused with its reason and the others are done
    const medical = status.items.find((item) => item.item === 'medical-enrollment')!;
    expect(medical.stateLabel).toBe('不予受理');
    expect(medical.result!.reason).toMatch(/山东/);
    expect(
      status.items.filter((item) => item.item !== 'medical-enrollment').map((i) => i.state),
    ).toEqual(['completed', 'completed']);
  }, 120_000);

  it('keeps an application submitted while the engine is down and starts it when it is back', async () => {
    // given the engine's gateway is down
    await running.stopGateway();

    // when an application is submitted
    let submission;
    try {
      submission = await submit(form(['pension-enrollment', 'employment-registration']));
    } finally {
      await running.restartGateway();
    }

    // then it was accepted without an instance, and once the engine is back it completes
    expect(submission.state).toBe('accepted');
    const status = await settle(submission.statusToken);
    expect(status.items.every((item) => item.state === 'completed')).toBe(true);
    const timeline = await manager.call<{ timeline: { type: string }[] }>(
      'GET',
      `/api/operations/applications/${submission.applicationId}/timeline`,
    );
    const types = timeline.timeline.map((entry) => entry.type);
    expect(types).toContain('start-failed');
    expect(types.filter((type) => type === 'started')).toHaveLength(1);
  }, 180_000);

  it('answers a duplicate submission with the first application and runs it once', async () => {
    // given one submission with an idempotency key
    const applicationForm = form(['employment-registration']);
    const key = `e2e-${Date.now()}`;
    const first = await online.submit({ form: applicationForm }, key);

    // when it is sent again with the same key
    const second = await online.submit({ form: applicationForm }, key);

    // then both name the same application, which started once and completes
    expect(second.applicationId).toBe(first.applicationId);
    expect(second.receiptNumber).toBe(first.receiptNumber);
    await settle(first.statusToken);
    const timeline = await manager.call<{ timeline: { type: string }[]; sources: string[] }>(
      'GET',
      `/api/operations/applications/${first.applicationId}/timeline`,
    );
    expect(timeline.timeline.filter((entry) => entry.type === 'started')).toHaveLength(1);

    // and its timeline joins the engine's records of that one instance
    expect(timeline.sources).toEqual(['application-store', 'engine']);
    expect(timeline.timeline.map((entry) => entry.type)).toContain('JOB.COMPLETED');
  }, 120_000);

  it('tells nobody about another person’s application', async () => {
    // given an application
    const submission = await submit(form(['employment-registration']));

    // when someone looks it up with the receipt number and a different ID number
    const lookup = online.call('POST', '/api/status', {
      receiptNumber: submission.receiptNumber,
      idNumber: form(['employment-registration']).applicant.idNumber,
    });

    // then the answer is the same as for an unknown receipt
    await expect(lookup).rejects.toBeInstanceOf(ServiceCallError);
    await expect(lookup).rejects.toMatchObject({ status: 404, body: { code: 'STATUS_NOT_FOUND' } });
  }, 60_000);
});
