import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemCode } from '../../bpmn/process-contract.ts';
import {
  departmentPath,
  itemRequestSchema,
  applicationViewSchema,
} from '../../server/department-api/contract.ts';
import { sampleApplicationForm } from '../../server/form/synthetic.ts';
import { databaseTargets } from '../support/databases.ts';
import { cardPhoto, multipartFile } from '../../server/materials/sample-images.ts';
import { as, referenceData, startTestServer, type TestServer } from './support/server-harness.ts';

describe.each(databaseTargets)('department API on $name', (target) => {
  let server: TestServer;
  let applicationId: string;
  let qingdaoId: string;

  beforeAll(async () => {
    server = await startTestServer(target);
    applicationId = await submitted(sampleApplicationForm(referenceData), true);
    qingdaoId = await submitted(
      sampleApplicationForm(referenceData, {
        items: ['contribution-declaration', 'pension-enrollment'],
        divisionCode: '370202',
        seed: 1,
      }),
    );
  });

  afterAll(async () => {
    await server.close();
  });

  async function submitted(form: object, withPhoto = false): Promise<string> {
    const materials: Record<string, string> = {};
    if (withPhoto) {
      const upload = multipartFile(cardPhoto());
      const photo = await server.app.inject({
        method: 'POST',
        url: '/api/materials/photo',
        headers: { ...as.clerk, ...upload.headers },
        payload: upload.payload,
      });
      materials.photo = photo.json().materialId;
    }
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: as.clerk,
      payload: { form, materials },
    });
    expect(response.statusCode).toBe(201);
    return response.json().applicationId;
  }

  const get = (url: string, headers: Record<string, string>) =>
    server.app.inject({ method: 'GET', url, headers });
  const put = (url: string, headers: Record<string, string>, payload: object) =>
    server.app.inject({ method: 'PUT', url, headers, payload });
  const decided = (item: ItemCode, outcome: 'approved' | 'rejected' = 'approved') => ({
    item,
    outcome,
    ...(outcome === 'rejected' ? { reason: '已在外省参加职工基本养老保险' } : {}),
    details: { enrollmentNumber: 'YL370100000123' },
    decidedAt: '2026-03-10T10:00:00+08:00',
  });

  it('gives a department only the applicant and its own item’s section, and marks the item 审核中', async () => {
    // when HRSS reads the card request
    const response = await get(
      departmentPath('itemRequest', { applicationId, item: 'social-security-card' }),
      as.hrss,
    );

    // then it gets the applicant and the card section, nothing of other items
    expect(response.statusCode).toBe(200);
    const request = itemRequestSchema.parse(response.json());
    expect(Object.keys(request.form).sort()).toEqual(['applicant', 'card']);
    expect(request.identityVerifiedBy).toBe('data-sharing');
    const stored = await server.store.findById(applicationId);
    expect(stored!.items.find((i) => i.item === 'social-security-card')!.state).toBe('in-review');
  });

  it.each([
    ['medical reads a pension item', as.medical, 'pension-enrollment'],
    ['tax reads the housing fund item', as.tax, 'housing-fund-account'],
    ['housing fund reads the medical item', as.housingFund, 'medical-enrollment'],
  ] as const)('refuses another department’s item: %s', async (_case, headers, item) => {
    // when a department reads an item it does not decide
    const response = await get(departmentPath('itemRequest', { applicationId, item }), headers);

    // then it is forbidden
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('DEPARTMENT_FORBIDDEN');
  });

  it('sends Qingdao’s declaration to Qingdao’s tax bureau and not the provincial one', async () => {
    // when both tax departments ask for a Qingdao applicant's declaration
    const url = departmentPath('itemRequest', {
      applicationId: qingdaoId,
      item: 'contribution-declaration',
    });
    const provincial = await get(url, as.tax);
    const qingdao = await get(url, as.taxQingdao);

    // then only Qingdao's is served
    expect(provincial.statusCode).toBe(403);
    expect(qingdao.statusCode).toBe(200);
  });

  it('records an outcome once; the same again changes nothing, a different one conflicts', async () => {
    // given HRSS approves the employment registration
    const url = departmentPath('outcome', { applicationId, item: 'employment-registration' });
    const first = await put(url, as.hrss, decided('employment-registration'));

    // when the same result arrives again and then a contradicting one
    const again = await put(url, as.hrss, decided('employment-registration'));
    const contrary = await put(url, as.hrss, decided('employment-registration', 'rejected'));

    // then the first stands
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ state: 'completed', stateLabel: '已办结' });
    expect(again.statusCode).toBe(200);
    expect(contrary.statusCode).toBe(409);
    expect(contrary.json().code).toBe('OUTCOME_CONFLICT');
  });

  it('requires a reason for a refusal and the item in the body to match the path', async () => {
    const url = departmentPath('outcome', { applicationId, item: 'archive-transfer' });

    // when a refusal has no reason, or names another item
    const noReason = await put(url, as.hrss, {
      ...decided('archive-transfer', 'rejected'),
      reason: undefined,
    });
    const otherItem = await put(url, as.hrss, decided('pension-enrollment'));

    // then both are refused with the field named
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(otherItem.statusCode).toBe(400);
    expect(otherItem.json().fields).toEqual([expect.objectContaining({ field: 'item' })]);
  });

  it('shows an escalated undecided item as 逾期督办, once', async () => {
    // when the province escalates the housing fund item twice
    const url = departmentPath('escalation', { applicationId, item: 'housing-fund-account' });
    const body = {
      department: 'housing-fund',
      deadline: '2026-03-11T17:00:00+08:00',
      raisedAt: '2026-03-11T17:00:05+08:00',
    };
    const first = await put(url, as.province, body);
    const second = await put(url, as.province, { ...body, raisedAt: '2026-03-11T18:00:00+08:00' });

    // then the item is overdue with the first escalation
    expect(first.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ state: 'overdue', stateLabel: '逾期督办' });
    expect(second.json().escalation.raisedAt).toBe(body.raisedAt);
    const timeline = await get(
      `/api/operations/applications/${applicationId}/timeline`,
      as.manager,
    );
    const escalations = timeline
      .json()
      .timeline.filter((e: { type: string }) => e.type === 'item-escalated');
    expect(escalations).toHaveLength(1);
  });

  it('registers the card’s mailing only after the card was approved', async () => {
    const mailing = departmentPath('mailing', { applicationId });
    const body = {
      state: 'mailed',
      trackingNumber: 'EMS1234567890',
      mailedAt: '2026-03-12T09:00:00+08:00',
    };

    // when mailing is registered before the decision
    const early = await put(mailing, as.hrss, body);

    // then it is refused; after approval it is recorded
    expect(early.statusCode).toBe(400);
    await put(
      departmentPath('outcome', { applicationId, item: 'social-security-card' }),
      as.hrss,
      decided('social-security-card'),
    );
    const mailed = await put(mailing, as.hrss, body);
    expect(mailed.statusCode).toBe(200);
    expect(mailed.json().mailing).toMatchObject({
      state: 'mailed',
      trackingNumber: 'EMS1234567890',
    });
  });

  it('serves the card photo to HRSS and not to others', async () => {
    const url = departmentPath('photo', { applicationId });

    // when HRSS and medical ask for the photo
    const hrss = await get(url, as.hrss);
    const medical = await get(url, as.medical);

    // then HRSS gets the PNG
    expect(hrss.statusCode).toBe(200);
    expect(hrss.headers['content-type']).toBe('image/png');
    expect(hrss.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    expect(medical.statusCode).toBe(403);
  });

  it('gives the whole application to the province only', async () => {
    const url = departmentPath('application', { applicationId });

    // when the province and a department ask
    const province = await get(url, as.province);
    const hrss = await get(url, as.hrss);

    // then the province gets every item's progress and the whole form
    expect(province.statusCode).toBe(200);
    const view = applicationViewSchema.parse(province.json());
    expect(view.items).toHaveLength(7);
    expect(view.form.applicant.phone).toMatch(/^1\d{10}$/);
    expect(hrss.statusCode).toBe(403);
  });

  it.each([
    ['no token', {}, 401, 'UNAUTHENTICATED'],
    ['an unknown token', { authorization: 'Bearer nope' }, 401, 'UNAUTHENTICATED'],
    ['a clerk token', as.clerk, 403, 'FORBIDDEN'],
    ['a manager token', as.manager, 403, 'FORBIDDEN'],
  ] as const)('refuses %s', async (_case, headers, status, code) => {
    // when the route is called without a department token
    const response = await get(
      departmentPath('itemRequest', { applicationId, item: 'pension-enrollment' }),
      headers,
    );

    // then it is refused
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
  });

  it('answers 404 for an unknown application and for an item not chosen', async () => {
    const unknown = await get(
      departmentPath('itemRequest', {
        applicationId: 'no-such-application',
        item: 'pension-enrollment',
      }),
      as.hrss,
    );
    const notChosen = await get(
      departmentPath('itemRequest', { applicationId: qingdaoId, item: 'archive-transfer' }),
      as.hrss,
    );
    expect(unknown.json().code).toBe('APPLICATION_NOT_FOUND');
    expect(notChosen.statusCode).toBe(404);
    expect(notChosen.json().code).toBe('ITEM_NOT_CHOSEN');
  });
});
