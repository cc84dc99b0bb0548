import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROCESS_INSTANCE_KEY_HEADER } from '../../server/department-api/contract.ts';
import { sampleApplicationForm } from '../../server/form/synthetic.ts';
import { ReferenceIdentityDataSharing } from '../../server/identity/reference-data-sharing.ts';
import { databaseTargets } from '../support/databases.ts';
import { cardPhoto, idDocumentScan, multipartFile } from '../../server/materials/sample-images.ts';
import { as, referenceData, startTestServer, type TestServer } from './support/server-harness.ts';

describe.each(databaseTargets)('intake on $name', (target) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(target);
  });

  beforeEach(() => {
    server.instances.reset();
  });

  afterAll(async () => {
    await server.close();
  });

  async function uploadPhoto(headers: Record<string, string> = as.clerk): Promise<string> {
    const upload = multipartFile(cardPhoto());
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/materials/photo',
      headers: { ...headers, ...upload.headers },
      payload: upload.payload,
    });
    expect(response.statusCode).toBe(201);
    return response.json().materialId;
  }

  async function submit(body: unknown, headers: Record<string, string> = as.clerk) {
    return server.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers,
      payload: body as object,
    });
  }

  it('accepts a complete application, answers its receipt and starts one instance without personal data', async () => {
    // given a clerk's form for all seven items and an uploaded photo
    const form = sampleApplicationForm(referenceData);
    const photo = await uploadPhoto();

    // when it is submitted
    const response = await submit({ form, materials: { photo } });

    // then it is received, started, and the receipt shows the items and the city's window
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.receiptNumber).toMatch(/^370100-\d{8}-\d{5}$/);
    expect(body.state).toBe('started');
    expect(body.identityVerifiedBy).toBe('data-sharing');
    expect(body.items).toHaveLength(7);
    expect(body.items.every((item: { state: string }) => item.state === 'pending')).toBe(true);
    expect(body.counter.address).toContain('济南');
    expect(server.instances.created).toHaveLength(1);
    expect(Object.keys(server.instances.created[0]!.variables).sort()).toEqual(
      ['applicationId', 'city', 'items', 'mailCard', 'receivedAt', 'taxDepartment'].sort(),
    );
    expect(server.instances.created[0]!.variables).toMatchObject({
      applicationId: body.applicationId,
      city: '370100',
      taxDepartment: 'tax',
      mailCard: true,
    });
    expect(server.instances.created[0]!.variables.receivedAt).toMatch(/\+08:00$/);
  });

  it('fills the ID issuing authority and validity from data sharing so the clerk types none', async () => {
    // given a card application without the ID's authority and dates
    const form = sampleApplicationForm(referenceData, { items: ['social-security-card'] });
    delete (form.card as Record<string, unknown>).idIssuingAuthority;
    delete (form.card as Record<string, unknown>).idValidFrom;
    delete (form.card as Record<string, unknown>).idValidTo;

    // when it is submitted
    const response = await submit({ form, materials: { photo: await uploadPhoto() } });

    // then data sharing supplied them
    expect(response.statusCode).toBe(201);
    const stored = await server.store.findById(response.json().applicationId);
    expect(stored!.form.card!.idIssuingAuthority).toBe('济南市公安局');
    expect(stored!.form.card!.idValidFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each([
    ['an empty name', { name: '' }, 'form.applicant.name'],
    ['a malformed ID number', { idNumber: '123' }, 'form.applicant.idNumber'],
    ['a bad phone number', { phone: '123' }, 'form.applicant.phone'],
  ])('reports only the field itself, and no ID image, for %s', async (_case, patch, field) => {
    // given a form whose applicant has one invalid field
    const form = sampleApplicationForm(referenceData, { items: ['pension-enrollment'] });

    // when it is submitted without an ID image
    const refused = await submit({ form: { ...form, applicant: { ...form.applicant, ...patch } } });

    // then only that field is named, and no message shows an API path
    expect(refused.statusCode).toBe(400);
    const fields: { field: string; message: string }[] = refused.json().fields;
    expect(fields.map((problem) => problem.field)).toEqual([field]);
    expect(fields[0]!.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('names the missing photo and ID image without API paths', async () => {
    // given a card application from an applicant the registry does not hold, without materials
    const form = sampleApplicationForm(referenceData, {
      items: ['social-security-card'],
      idType: 'foreign-permanent-residence-2023',
    });

    // when it is submitted
    const refused = await submit({ form });

    // then both materials are asked for in words a clerk can act on
    const fields: { field: string; message: string }[] = refused.json().fields;
    expect(fields.map((problem) => problem.field).sort()).toEqual([
      'materials.idDocument',
      'materials.photo',
    ]);
    for (const problem of fields) expect(problem.message).not.toMatch(/\/api\//);
  });

  it('asks for an ID image when data sharing does not confirm the applicant', async () => {
    // given a foreigner's card, which the population registry does not hold
    const form = sampleApplicationForm(referenceData, {
      items: ['pension-enrollment'],
      idType: 'foreign-permanent-residence-2023',
    });

    // when it is submitted without an ID image
    const refused = await submit({ form });

    // then the answer names the missing material in Chinese
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('FORM_INVALID');
    expect(refused.json().fields).toEqual([
      expect.objectContaining({
        field: 'materials.idDocument',
        message: expect.stringContaining('身份证件图片'),
      }),
    ]);

    // and with the image it is accepted as verified by document
    const upload = multipartFile(idDocumentScan());
    const image = await server.app.inject({
      method: 'POST',
      url: '/api/materials/id-document',
      headers: { ...as.clerk, ...upload.headers },
      payload: upload.payload,
    });
    const accepted = await submit({ form, materials: { idDocument: image.json().materialId } });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().identityVerifiedBy).toBe('document');
  });

  it('names every wrong field in Chinese and stores nothing', async () => {
    // given a form with a bad ID number and phone, and the card without a photo
    const form = sampleApplicationForm(referenceData, { items: ['social-security-card'] });
    form.applicant.idNumber = '370102199003071235';
    form.applicant.phone = '12345';

    // when it is submitted
    const before = (await server.store.list({ limit: 1, offset: 0 })).total;
    const response = await submit({ form });

    // then each field is named with what to fix
    expect(response.statusCode).toBe(400);
    const fields = response.json().fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'form.applicant.idNumber',
        'form.applicant.phone',
        'materials.photo',
      ]),
    );
    for (const problem of response.json().fields)
      expect(problem.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await server.store.list({ limit: 1, offset: 0 })).total).toBe(before);
    expect(server.instances.created).toHaveLength(0);
  });

  it('keeps an application accepted while the engine is unreachable and starts it once it is back', async () => {
    // given the engine is down
    server.instances.reachable = false;

    // when an application is submitted
    const response = await submit({
      form: sampleApplicationForm(referenceData, { items: ['pension-enrollment'] }),
    });

    // then it is accepted but not started
    expect(response.statusCode).toBe(201);
    expect(response.json().state).toBe('accepted');
    const id = response.json().applicationId;
    expect((await server.store.findById(id))!.lastStartError).toContain('UNAVAILABLE');

    // when the engine is back and the background starter runs twice
    server.instances.reachable = true;
    await server.starter.sweep();
    await server.starter.sweep();

    // then exactly one instance was started and recorded
    expect(server.instances.created).toHaveLength(1);
    expect((await server.store.findById(id))!.state).toBe('started');
  });

  it('answers a repeated submission with the same idempotency key with the first result', async () => {
    // given one submission with a key
    const form = sampleApplicationForm(referenceData, { items: ['pension-enrollment'] });
    const headers = { ...as.online, 'idempotency-key': `submission-${Date.now()}` };
    const first = await submit({ form }, headers);

    // when the same body is sent again with the same key, and twice at once
    const [second, third] = await Promise.all([
      submit({ form }, headers),
      submit({ form }, headers),
    ]);

    // then all answers name the same application and one instance runs
    expect(first.statusCode).toBe(201);
    for (const again of [second, third]) {
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json().applicationId).toBe(first.json().applicationId);
      expect(again.json().statusToken).toBe(first.json().statusToken);
    }
    expect(server.instances.created).toHaveLength(1);

    // and the same key with another body is refused
    const other = sampleApplicationForm(referenceData, { items: ['pension-enrollment'], seed: 3 });
    const conflict = await submit({ form: other }, headers);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('stops a duplicate instance left by a crash before its key was recorded', async () => {
    // given an application whose first instance was created but never recorded (a crash)
    server.instances.reachable = false;
    const response = await submit({
      form: sampleApplicationForm(referenceData, { items: ['pension-enrollment'] }),
    });
    const id = response.json().applicationId;
    server.instances.reachable = true;
    const orphan = await server.instances.create({} as never);

    // when the background starter starts it again
    await server.starter.sweep();
    const recorded = (await server.store.findById(id))!.processInstanceKey!;
    expect(recorded).not.toBe(orphan);

    // then the orphan's first worker call is refused and the orphan cancelled
    const call = await server.app.inject({
      method: 'GET',
      url: `/api/department/applications/${id}/items/pension-enrollment`,
      headers: { ...as.hrss, [PROCESS_INSTANCE_KEY_HEADER]: orphan },
    });
    expect(call.statusCode).toBe(409);
    expect(call.json().code).toBe('INSTANCE_SUPERSEDED');
    expect(server.instances.cancelled).toEqual([orphan]);

    // and the recorded instance's worker is served
    const served = await server.app.inject({
      method: 'GET',
      url: `/api/department/applications/${id}/items/pension-enrollment`,
      headers: { ...as.hrss, [PROCESS_INSTANCE_KEY_HEADER]: recorded },
    });
    expect(served.statusCode).toBe(200);
  });

  it('adopts an unrecorded instance whose worker calls first, so the retry starts none', async () => {
    // given an application whose instance was created but not recorded
    server.instances.reachable = false;
    const response = await submit({
      form: sampleApplicationForm(referenceData, { items: ['pension-enrollment'] }),
    });
    const id = response.json().applicationId;
    server.instances.reachable = true;
    const orphan = await server.instances.create({} as never);

    // when that instance's worker calls before the starter retries
    const call = await server.app.inject({
      method: 'GET',
      url: `/api/department/applications/${id}/items/pension-enrollment`,
      headers: { ...as.hrss, [PROCESS_INSTANCE_KEY_HEADER]: orphan },
    });
    await server.starter.sweep();

    // then it becomes the application's instance and no second one starts
    expect(call.statusCode).toBe(200);
    expect((await server.store.findById(id))!.processInstanceKey).toBe(orphan);
    expect(server.instances.created).toHaveLength(1);
  });

  it('routes a Qingdao applicant’s contribution declaration to Qingdao’s tax bureau', async () => {
    // given a Qingdao applicant
    const form = sampleApplicationForm(referenceData, {
      items: ['contribution-declaration'],
      divisionCode: '370202',
    });

    // when submitted
    const response = await submit({ form });

    // then the instance and the item carry tax-qingdao
    expect(response.statusCode).toBe(201);
    expect(server.instances.created[0]!.variables.taxDepartment).toBe('tax-qingdao');
    expect(response.json().items[0].department).toBe('tax-qingdao');
  });

  it('refuses a material another principal uploaded', async () => {
    // given a photo uploaded by the online channel
    const photo = await uploadPhoto(as.online);

    // when a clerk submits with it
    const form = sampleApplicationForm(referenceData, { items: ['social-security-card'] });
    const response = await submit({ form, materials: { photo } });

    // then it is refused naming the material
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([expect.objectContaining({ field: 'materials.photo' })]);
  });
});

describe('intake with an unregistered resident', () => {
  it('asks for an ID image when the registry has no record of the name and number', async () => {
    // given a data-sharing service that does not know the applicant
    const form = sampleApplicationForm(referenceData, { items: ['pension-enrollment'] });
    const identity = new ReferenceIdentityDataSharing(referenceData, {
      unregistered: [form.applicant.idNumber],
    });
    const server = await startTestServer(databaseTargets[0]!, { identity });

    // when submitted without an image
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: as.clerk,
      payload: { form },
    });

    // then the answer says data sharing could not confirm and asks for the image
    expect(response.statusCode).toBe(400);
    expect(response.json().fields[0].message).toContain('人口库中未找到');
    await server.close();
  });
});
