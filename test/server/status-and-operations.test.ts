import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentPath } from '../../server/department-api/contract.ts';
import { sampleApplicationForm } from '../../server/form/synthetic.ts';
import { databaseTargets } from '../support/databases.ts';
import { as, referenceData, startTestServer, type TestServer } from './support/server-harness.ts';

describe.each(databaseTargets)('status lookup and operations on $name', (target) => {
  let server: TestServer;
  const mine = sampleApplicationForm(referenceData, {
    items: ['pension-enrollment', 'medical-enrollment'],
    seed: 4,
  });
  const theirs = sampleApplicationForm(referenceData, {
    items: ['employment-registration'],
    divisionCode: '370202',
    seed: 5,
  });
  let submission: { applicationId: string; receiptNumber: string; statusToken: string };
  let other: { applicationId: string; receiptNumber: string; statusToken: string };

  beforeAll(async () => {
    server = await startTestServer(target);
    const submit = (form: object) =>
      server.app.inject({
        method: 'POST',
        url: '/api/applications',
        headers: as.clerk,
        payload: { form },
      });
    submission = (await submit(mine)).json();
    other = (await submit(theirs)).json();

    await server.app.inject({
      method: 'PUT',
      url: departmentPath('outcome', {
        applicationId: submission.applicationId,
        item: 'pension-enrollment',
      }),
      headers: as.hrss,
      payload: {
        item: 'pension-enrollment',
        outcome: 'approved',
        details: { enrollmentNumber: 'YL3701000001' },
        decidedAt: '2026-03-10T10:00:00+08:00',
      },
    });
    await server.app.inject({
      method: 'PUT',
      url: departmentPath('outcome', {
        applicationId: submission.applicationId,
        item: 'medical-enrollment',
      }),
      headers: as.medical,
      payload: {
        item: 'medical-enrollment',
        outcome: 'rejected',
        reason: '已参加职工基本医疗保险',
        decidedAt: '2026-03-10T10:05:00+08:00',
      },
    });
  });

  afterAll(async () => {
    await server.close();
  });

  const lookup = (payload: object) =>
    server.app.inject({ method: 'POST', url: '/api/status', payload });

  it('shows the applicant each item’s state and results with the receipt number and ID number', async () => {
    // when the applicant looks up with the receipt and their ID number, lowercase x and all
    const response = await lookup({
      receiptNumber: submission.receiptNumber,
      idNumber: mine.applicant.idNumber.toLowerCase(),
    });

    // then each item's state and result is shown
    expect(response.statusCode).toBe(200);
    const [pension, medical] = response.json().items;
    expect(pension).toMatchObject({
      stateLabel: '已办结',
      result: { details: { enrollmentNumber: 'YL3701000001' } },
    });
    expect(medical).toMatchObject({
      stateLabel: '不予受理',
      result: { reason: '已参加职工基本医疗保险' },
    });
    expect(response.json().stateLabel).toBe('已全部办结');
  });

  it('shows the same with the status token given at submission', async () => {
    const response = await lookup({ statusToken: submission.statusToken });
    expect(response.statusCode).toBe(200);
    expect(response.json().receiptNumber).toBe(submission.receiptNumber);
  });

  it.each([
    [
      'the receipt and ID number',
      () => ({ receiptNumber: submission.receiptNumber, idNumber: mine.applicant.idNumber }),
    ],
    ['the status token', () => ({ statusToken: submission.statusToken })],
  ])('masks the applicant’s name and ID number in a lookup with %s', async (_case, payload) => {
    // when the application is looked up
    const response = await lookup(payload());

    // then neither the whole name nor the whole ID number is in the answer
    expect(response.statusCode).toBe(200);
    const { applicant } = response.json();
    expect(applicant.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(applicant.name).toMatch(/^.\*+$/);
    expect(response.body).not.toContain(mine.applicant.idNumber);
    expect(response.body).not.toContain(mine.applicant.name);
  });

  it.each([
    [
      'someone else’s ID number',
      () => ({ receiptNumber: submission.receiptNumber, idNumber: theirs.applicant.idNumber }),
    ],
    [
      'an unknown receipt number',
      () => ({ receiptNumber: '370100-20000101-99999', idNumber: mine.applicant.idNumber }),
    ],
    [
      'a forged status token',
      () => ({ statusToken: `${submission.applicationId}.forged-signature-xxxxxxxx` }),
    ],
    [
      'another application’s signature',
      () => ({ statusToken: `${submission.applicationId}.${other.statusToken.split('.')[1]}` }),
    ],
  ])('tells nothing about an application to %s', async (_case, body) => {
    // when the lookup does not match
    const response = await lookup(body());

    // then the answer is the same as for no application at all
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      statusCode: 404,
      code: 'STATUS_NOT_FOUND',
      message: '未找到与受理编号和证件号码相符的申请，请核对后重试',
    });
  });

  it('lists applications for managers with personal data masked, filtered by city, item and state', async () => {
    // when a manager lists Qingdao's applications, and Jinan's with a refused item
    const qingdao = await server.app.inject({
      method: 'GET',
      url: '/api/operations/applications?city=370200',
      headers: as.manager,
    });
    const refused = await server.app.inject({
      method: 'GET',
      url: '/api/operations/applications?item=medical-enrollment&state=rejected',
      headers: as.analyst,
    });

    // then each list holds the matching application, masked
    expect(
      qingdao.json().applications.map((a: { applicationId: string }) => a.applicationId),
    ).toEqual([other.applicationId]);
    const [shown] = refused.json().applications;
    expect(shown.applicationId).toBe(submission.applicationId);
    expect(shown.personalDataMasked).toBe(true);
    expect(shown.form.applicant.idNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(shown.form.applicant.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(shown.form.applicant.name).not.toBe(mine.applicant.name);
  });

  it('lists overdue applications', async () => {
    // given one item escalated
    await server.app.inject({
      method: 'PUT',
      url: departmentPath('escalation', {
        applicationId: other.applicationId,
        item: 'employment-registration',
      }),
      headers: as.province,
      payload: {
        department: 'hrss',
        deadline: '2026-03-11T17:00:00+08:00',
        raisedAt: '2026-03-11T17:00:01+08:00',
      },
    });

    // when a manager lists overdue applications
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/operations/applications?overdue=true',
      headers: as.manager,
    });

    // then that application is listed
    expect(response.json().total).toBe(1);
    expect(response.json().applications[0].applicationId).toBe(other.applicationId);
  });

  it('shows one application’s timeline from the store’s own events', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/operations/applications/${submission.applicationId}/timeline`,
      headers: as.manager,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().timeline.map((e: { type: string }) => e.type)).toEqual([
      'received',
      'started',
      'item-decided',
      'item-decided',
      'finished',
    ]);
  });

  it('shows personal data whole to the clerk who entered it and masked to another clerk', async () => {
    const url = `/api/applications/${submission.applicationId}`;
    const own = await server.app.inject({ method: 'GET', url, headers: as.clerk });
    const another = await server.app.inject({ method: 'GET', url, headers: as.otherClerk });
    const online = await server.app.inject({ method: 'GET', url, headers: as.online });

    expect(own.json().form.applicant.idNumber).toBe(mine.applicant.idNumber);
    expect(another.json().form.applicant.idNumber).toMatch(/\*{10}/);
    expect(online.statusCode).toBe(404);
  });

  it.each([
    ['a clerk', as.clerk],
    ['a department', as.hrss],
    ['the online channel', as.online],
  ])('keeps operations from %s', async (_case, headers) => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/operations/applications',
      headers,
    });
    expect(response.statusCode).toBe(403);
  });
});
