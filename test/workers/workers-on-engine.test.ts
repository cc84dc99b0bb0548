import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { itemCodes, jobTypes, type ItemCode } from '../../bpmn/process-contract.ts';
import { startAllWorkers, type RunningWorkers } from '../../workers/index.ts';
import { deployProcess, gatewayTargets } from '../gateway/gateway-harness.ts';
import { serviceTasksInSequence, uniqueName } from '../gateway/models.ts';
import { countOf } from './support/records.ts';
import {
  syntheticApplication,
  type SyntheticApplication,
} from './support/synthetic-applications.ts';
import { openWorkersUnderTest, type WorkersUnderTest } from './support/workers-on-engine.ts';

interface FlowCase {
  name: string;
  application: () => SyntheticApplication;
  /** The same person's application run first. */
  before?: () => SyntheticApplication;
  /** Each chosen item: `approved`, or a part of the refusal's reason. */
  expected: Partial<Record<ItemCode, string>>;
}

const approvedAll = Object.fromEntries(itemCodes.map((item) => [item, 'approved']));

const cases: FlowCase[] = [
  {
    name: 'a Jinan applicant choosing all seven items gets every item approved',
    application: () => syntheticApplication({ seed: 11 }),
    expected: approvedAll,
  },
  {
    name: 'a man past retirement age is refused pension and registration; medical goes on',
    application: () =>
      syntheticApplication({
        seed: 12,
        birthDate: '1964-05-01',
        items: ['pension-enrollment', 'medical-enrollment', 'employment-registration'],
      }),
    expected: {
      'pension-enrollment': '已达到法定退休年龄',
      'medical-enrollment': 'approved',
      'employment-registration': '已达到法定退休年龄',
    },
  },
  {
    name: 'someone living outside Shandong is refused medical insurance; the declaration goes on',
    application: () =>
      syntheticApplication({
        seed: 13,
        items: ['medical-enrollment', 'contribution-declaration'],
        change: (form) => void (form.medical!.livesInShandong = false),
      }),
    expected: { 'medical-enrollment': '非山东省常住人员', 'contribution-declaration': 'approved' },
  },
  {
    name: 'a Qingdao applicant’s declaration is decided by Qingdao’s tax bureau',
    application: () =>
      syntheticApplication({
        seed: 14,
        divisionCode: '370202',
        items: ['pension-enrollment', 'contribution-declaration'],
      }),
    expected: { 'pension-enrollment': 'approved', 'contribution-declaration': 'approved' },
  },
  {
    name: 'someone with an active housing fund account is refused a second one',
    before: () => syntheticApplication({ seed: 15, items: ['housing-fund-account'] }),
    application: () => syntheticApplication({ seed: 15, items: ['housing-fund-account'] }),
    expected: { 'housing-fund-account': '已有正常缴存状态的住房公积金个人账户' },
  },
  {
    name: 'a card collected at the counter is approved and not mailed',
    application: () =>
      syntheticApplication({ seed: 16, items: ['social-security-card'], mailCard: false }),
    expected: { 'social-security-card': 'approved' },
  },
  {
    name: 'an archive sent to another city’s service by place of work is refused',
    application: () =>
      syntheticApplication({
        seed: 17,
        items: ['archive-transfer', 'employment-registration'],
        validate: false,
        change: (form) => void (form.archive!.receivingInstitution.divisionCode = '370202'),
      }),
    expected: { 'archive-transfer': '灵活就业所在市', 'employment-registration': 'approved' },
  },
];

describe.each(gatewayTargets)('the workers on the provincial model ($name)', (target) => {
  let under: WorkersUnderTest;
  let workers: RunningWorkers;
  const applications: SyntheticApplication[] = [];

  beforeAll(async () => {
    under = await openWorkersUnderTest(target);
    workers = await startAllWorkers(under.environment());
  });

  afterAll(async () => {
    await workers?.stop();
    await under?.stop();
  });

  it.each(cases)('$name', async ({ application, before, expected }) => {
    // given the person's earlier application, if any, run to its end
    if (before) await under.run(before());

    // when the application runs through the model with every department's workers
    const subject = application();
    applications.push(subject);
    const variables = await under.run(subject);

    // then each chosen item's outcome is written back as the department decided
    for (const [item, outcome] of Object.entries(expected)) {
      const result = under.store.outcomes.get(`${subject.applicationId}:${item}`);
      if (outcome === 'approved') expect(result, item).toMatchObject({ outcome: 'approved' });
      else expect(result?.reason, item).toContain(outcome);
    }
    expect(
      [...under.store.outcomes.keys()].filter((key) => key.startsWith(subject.applicationId)),
    ).toHaveLength(Object.keys(expected).length);
    expect(variables.deadline).toMatch(/T23:59:59\+08:00$/);
  });

  it('mailed the card asked for by mail, and stored one results notification per application', async () => {
    // given the cases above ran
    const [all, , , , , counter] = applications;

    // then only the card asked for by mail was posted
    expect(under.store.mailings.get(all!.applicationId)).toMatchObject({
      state: 'mailed',
      trackingNumber: expect.stringMatching(/^EMS370100/),
    });
    expect(under.store.mailings.has(counter!.applicationId)).toBe(false);

    // and every application has exactly one notification, sent, naming its receipt
    const outbox = under.databases.get('notification')!;
    const rows = await outbox.db('outbox').select('application_id', 'state', 'body');
    for (const application of applications) {
      const mine = rows.filter((row) => row.application_id === application.applicationId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ state: 'sent' });
      expect(mine[0]?.body).toContain(application.receiptNumber);
    }
  });

  it('kept each department’s records apart: Qingdao’s declaration at Qingdao’s bureau', async () => {
    expect(await countOf(under.databases.get('tax_qingdao')!, 'contribution_assessments')).toBe(1);
    expect(await countOf(under.databases.get('tax')!, 'contribution_assessments')).toBe(2);
  });

  it('logged jobs with their keys, application and department, and no personal data', () => {
    // then the lines about decided items carry the job's context
    const decided = under.logs.filter((line) => line.msg === 'item decided');
    expect(decided.length).toBeGreaterThan(0);
    for (const line of decided) {
      expect(line).toMatchObject({
        jobKey: expect.any(String),
        processInstanceKey: expect.any(String),
        applicationId: expect.any(String),
        department: expect.any(String),
      });
    }

    // and no line holds a name, ID number, phone or address of any applicant
    const text = JSON.stringify(under.logs);
    for (const { form } of applications) {
      const personal = [form.applicant.name, form.applicant.idNumber, form.applicant.phone];
      if (form.card?.mailingAddress) personal.push(form.card.mailingAddress);
      for (const value of personal) expect(text).not.toContain(value);
    }
  });

  it('warns, in the log and the job result, when the deadline falls in a year without calendar data', async () => {
    // given the smallest model around the deadline job, so its whole result is visible
    const processId = uniqueName('deadline-only');
    await deployProcess(
      under.zeebe,
      processId,
      serviceTasksInSequence(processId, [jobTypes.deadline]),
    );

    // when a request received on the last day of the last year with a notice is counted
    const applicationId = uniqueName('application');
    const { variables } = await under.zeebe.createProcessInstanceWithResult({
      bpmnProcessId: processId,
      variables: { applicationId, receivedAt: '2026-12-31T15:00:00+08:00' },
      requestTimeout: 30_000,
    });

    // then the deadline counted Monday to Friday in 2027 and the job said so
    expect(variables).toMatchObject({
      deadline: '2027-01-01T23:59:59+08:00',
      deadlineEstimated: true,
    });
    const warning = under.logs.find(
      (line) => line.level === 40 && line.applicationId === applicationId,
    );
    expect(warning).toMatchObject({ uncoveredYears: [2027], lastCoveredYear: 2026 });
    expect(warning?.msg).toContain('no statutory holiday calendar');
  });

  it('completes the deadline job without a warning inside the covered years', async () => {
    const processId = uniqueName('deadline-only');
    await deployProcess(
      under.zeebe,
      processId,
      serviceTasksInSequence(processId, [jobTypes.deadline]),
    );

    const { variables } = await under.zeebe.createProcessInstanceWithResult({
      bpmnProcessId: processId,
      variables: {
        applicationId: uniqueName('application'),
        receivedAt: '2026-02-14T10:00:00+08:00',
      },
      requestTimeout: 30_000,
    });

    expect(variables).toMatchObject({
      deadline: '2026-02-24T23:59:59+08:00',
      deadlineEstimated: false,
    });
  });
});
