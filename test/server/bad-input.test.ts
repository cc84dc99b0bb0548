import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { departmentPath } from '../../server/department-api/contract.ts';
import { sampleApplicationForm } from '../../server/form/synthetic.ts';
import { databaseTargets } from '../support/databases.ts';
import { cardPhoto, multipartFile, whitePng } from '../../server/materials/sample-images.ts';
import { as, referenceData, startTestServer, type TestServer } from './support/server-harness.ts';

/**
 * Every route refuses bad input with a 4xx, a stable code and a message, never a 5xx:
 * malformed JSON, wrong types, oversized bodies and uploads, unknown fields.
 */
describe('bad input', () => {
  let server: TestServer;
  let applicationId: string;

  beforeAll(async () => {
    server = await startTestServer(databaseTargets[0]!);
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: as.clerk,
      payload: { form: sampleApplicationForm(referenceData, { items: ['pension-enrollment'] }) },
    });
    applicationId = response.json().applicationId;
  });

  afterAll(async () => {
    await server.close();
  });

  const outcomeUrl = () => departmentPath('outcome', { applicationId, item: 'pension-enrollment' });
  const escalationUrl = () =>
    departmentPath('escalation', { applicationId, item: 'pension-enrollment' });
  const mailingUrl = () => departmentPath('mailing', { applicationId });

  /** The JSON-body routes, each with who may call it and a body that is otherwise acceptable. */
  const jsonRoutes = () => [
    {
      name: 'submit application',
      method: 'POST' as const,
      url: '/api/applications',
      headers: as.clerk,
      valid: { form: sampleApplicationForm(referenceData, { items: ['pension-enrollment'] }) },
    },
    {
      name: 'status lookup',
      method: 'POST' as const,
      url: '/api/status',
      headers: {},
      valid: { receiptNumber: '370100-20260310-00001', idNumber: '370102199003071234' },
    },
    {
      name: 'item outcome',
      method: 'PUT' as const,
      url: outcomeUrl(),
      headers: as.hrss,
      valid: {
        item: 'pension-enrollment',
        outcome: 'approved',
        decidedAt: '2026-03-10T10:00:00+08:00',
      },
    },
    {
      name: 'escalation',
      method: 'PUT' as const,
      url: escalationUrl(),
      headers: as.province,
      valid: {
        department: 'hrss',
        deadline: '2026-03-11T17:00:00+08:00',
        raisedAt: '2026-03-11T17:00:01+08:00',
      },
    },
    {
      name: 'card mailing',
      method: 'PUT' as const,
      url: mailingUrl(),
      headers: as.hrss,
      valid: { state: 'mailed', trackingNumber: 'EMS1', mailedAt: '2026-03-12T09:00:00+08:00' },
    },
  ];

  function expectRefused(response: { statusCode: number; json(): unknown }, status?: number) {
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    if (status) expect(response.statusCode).toBe(status);
    const body = response.json() as { code: string; message: string };
    expect(body.code).toMatch(/^[A-Z_]+$/);
    expect(body.message).toMatch(/[\u4e00-\u9fff]/);
    return body as { code: string; message: string; fields?: { field: string; message: string }[] };
  }

  describe.each(jsonRoutes().map((route) => [route.name, route] as const))('%s', (_name, route) => {
    const send = (payload: string, headers: Record<string, string> = {}) =>
      server.app.inject({
        method: route.method,
        // Built lazily: the application exists only once beforeAll ran.
        url: jsonRoutes().find((r) => r.name === route.name)!.url,
        headers: { 'content-type': 'application/json', ...route.headers, ...headers },
        payload,
      });

    it('refuses malformed JSON', async () => {
      const body = expectRefused(await send('{"form": {'), 400);
      expect(body.code).toBe('BODY_NOT_JSON');
    });

    it('refuses an empty body', async () => {
      expectRefused(await send(''), 400);
    });

    it('refuses a JSON array or a string instead of an object', async () => {
      expectRefused(await send('[1,2]'), 400);
      expectRefused(await send('"text"'), 400);
    });

    it('refuses a body over the size limit', async () => {
      const huge = JSON.stringify({ padding: 'x'.repeat(200 * 1024) });
      const body = expectRefused(await send(huge), 413);
      expect(body.code).toBe('BODY_TOO_LARGE');
    });

    it('refuses an unknown field, naming it', async () => {
      const body = expectRefused(await send(JSON.stringify({ ...route.valid, surprise: 1 })), 400);
      expect(body.fields?.map((f) => f.field)).toContain('surprise');
    });

    it('refuses wrong types, naming the field', async () => {
      const wrong = Object.fromEntries(Object.keys(route.valid).map((key) => [key, 12345]));
      const body = expectRefused(await send(JSON.stringify(wrong)), 400);
      expect(body.fields!.length).toBeGreaterThan(0);
    });

    it('refuses a NUL character in a text field, naming the field', async () => {
      const [key] = Object.entries(route.valid).find(([, value]) => typeof value === 'string') ?? [
        'form',
      ];
      const payload = { ...route.valid, [key]: '张\u0000三' };
      const body = expectRefused(await send(JSON.stringify(payload)), 400);
      expect(body.fields).toContainEqual({
        field: key,
        message: expect.stringMatching(/控制字符/),
      });
    });

    it('refuses another content type', async () => {
      const body = expectRefused(await send('a=b', { 'content-type': 'text/plain' }), 415);
      expect(body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  it('refuses an unknown field inside the form, naming it', async () => {
    const form = sampleApplicationForm(referenceData, { items: ['pension-enrollment'] });
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: as.clerk,
      payload: { form: { ...form, applicant: { ...form.applicant, nickname: '小张' } } },
    });
    const body = expectRefused(response, 400);
    expect(body.fields!.map((f) => f.field)).toContain('form.applicant.nickname');
  });

  it.each([
    ['applicant', 'name'],
    ['card', 'idIssuingAuthority'],
  ] as const)(
    'refuses a control character in form.%s.%s with a 400 naming the field',
    async (section, field) => {
      const form = sampleApplicationForm(referenceData, { items: ['social-security-card'] });
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/applications',
        headers: as.clerk,
        payload: { form: { ...form, [section]: { ...form[section], [field]: '张\u0000三' } } },
      });
      const body = expectRefused(response, 400);
      expect(body.fields).toContainEqual({
        field: `form.${section}.${field}`,
        message: expect.stringMatching(/控制字符/),
      });
    },
  );

  it('refuses a malformed Idempotency-Key', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: { ...as.clerk, 'idempotency-key': 'short' },
      payload: { form: sampleApplicationForm(referenceData, { items: ['pension-enrollment'] }) },
    });
    const body = expectRefused(response, 400);
    expect(body.code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(body.fields).toEqual([
      { field: 'headers.idempotency-key', message: expect.stringMatching(/8到128位/) },
    ]);
    expect(body.fields![0]!.message).not.toMatch(/[\^$[\]]/);
  });

  it.each([
    ['an empty submission', '/api/applications', {}, 'form', /申请表/],
    ['an empty status lookup', '/api/status', {}, 'statusToken', /受理编号/],
    [
      'a status lookup with a malformed receipt number',
      '/api/status',
      { receiptNumber: '12', idNumber: '370102199003071234' },
      'receiptNumber',
      /受理编号格式/,
    ],
    [
      'a status lookup without the ID number',
      '/api/status',
      { receiptNumber: '370100-20260310-00001' },
      'idNumber',
      /证件号码/,
    ],
  ])('names the field and what to send for %s', async (_case, url, payload, field, message) => {
    const response = await server.app.inject({ method: 'POST', url, headers: as.clerk, payload });
    const body = expectRefused(response, 400);
    expect(body.fields).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(body.fields![0]!.message).not.toMatch(/无效输入|nonoptional/);
  });

  it('refuses a multipart submission as an unsupported media type, saying to send JSON', async () => {
    const upload = multipartFile(cardPhoto());
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: { ...as.clerk, ...upload.headers },
      payload: upload.payload,
    });
    const body = expectRefused(response, 415);
    expect(body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(body.message).toMatch(/application\/json/);
  });

  describe('uploads', () => {
    const upload = (kind: string, content: Buffer, options = {}) => {
      const body = multipartFile(content, options);
      return server.app.inject({
        method: 'POST',
        url: `/api/materials/${kind}`,
        headers: { ...as.clerk, ...body.headers },
        payload: body.payload,
      });
    };

    it('accepts a card photo of the usual size', async () => {
      const response = await upload('photo', cardPhoto());
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ width: 358, height: 441, contentType: 'image/png' });
    });

    it.each([
      [
        'a text file named .jpg',
        'photo',
        Buffer.from('not an image at all'),
        415,
        'MATERIAL_TYPE_NOT_ACCEPTED',
      ],
      [
        'a GIF',
        'photo',
        Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;'),
        415,
        'MATERIAL_TYPE_NOT_ACCEPTED',
      ],
      ['a photo too small', 'photo', whitePng(100, 120), 400, 'MATERIAL_INVALID'],
      ['a landscape photo', 'photo', whitePng(600, 441), 400, 'MATERIAL_INVALID'],
      [
        'a photo over 1 MB',
        'photo',
        Buffer.concat([cardPhoto(), Buffer.alloc(1100 * 1024)]),
        413,
        'MATERIAL_TOO_LARGE',
      ],
      [
        'an ID scan over 5 MB',
        'id-document',
        Buffer.alloc(6 * 1024 * 1024, 1),
        413,
        'MATERIAL_TOO_LARGE',
      ],
      ['an ID scan too small', 'id-document', whitePng(300, 200), 400, 'MATERIAL_INVALID'],
    ])('refuses %s', async (_case, kind, content, status, code) => {
      const body = expectRefused(await upload(kind, content, { filename: 'photo.jpg' }), status);
      expect(body.code).toBe(code);
    });

    it('refuses an unknown kind of material', async () => {
      expectRefused(await upload('passport', cardPhoto()), 400);
    });

    it('refuses a JSON body instead of a file', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/materials/photo',
        headers: as.clerk,
        payload: { file: 'abc' },
      });
      expectRefused(response, 415);
    });

    it('refuses a multipart body without a file', async () => {
      const boundary = 'b-123';
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/materials/photo',
        headers: { ...as.clerk, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}--\r\n`,
      });
      expectRefused(response);
    });

    describe('malformed multipart', () => {
      const photo = multipartFile(cardPhoto());
      const boundary = photo.headers['content-type']!.split('boundary=')[1]!;
      const note = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n`,
      );
      it.each([
        ['a truncated body', photo.headers, photo.payload.subarray(0, 200)],
        ['multipart without a boundary', { 'content-type': 'multipart/form-data' }, photo.payload],
        ['a file with an extra field', photo.headers, Buffer.concat([note, photo.payload])],
        ['a field only', photo.headers, Buffer.concat([note, Buffer.from(`--${boundary}--\r\n`)])],
      ])('refuses %s with a 400 saying what to send', async (_case, headers, payload) => {
        const response = await server.app.inject({
          method: 'POST',
          url: '/api/materials/photo',
          headers: { ...as.clerk, ...headers },
          payload,
        });
        const body = expectRefused(response, 400);
        expect(body.code).toBe('INVALID_REQUEST');
        expect(body.fields).toContainEqual({
          field: 'file',
          message: expect.stringMatching(/文件/),
        });
      });
    });

    it('refuses two files in one upload', async () => {
      const one = multipartFile(cardPhoto());
      const boundary = one.headers['content-type']!.split('boundary=')[1]!;
      const part = one.payload.subarray(0, one.payload.length - `--${boundary}--\r\n`.length);
      const payload = Buffer.concat([part, part, Buffer.from(`--${boundary}--\r\n`)]);
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/materials/photo',
        headers: { ...as.clerk, ...one.headers },
        payload,
      });
      expectRefused(response);
    });
  });

  it.each([
    [
      'an application id with a slash-free bad character',
      `/api/applications/${encodeURIComponent('a b')}`,
      as.clerk,
    ],
    ['an unknown item in a department path', `/api/department/applications/x/items/pizza`, as.hrss],
    ['a bad city filter', '/api/operations/applications?city=110000', as.manager],
    ['a bad overdue filter', '/api/operations/applications?overdue=yes', as.manager],
    ['a limit over 200', '/api/operations/applications?limit=5000', as.manager],
    ['an unknown query parameter', '/api/operations/applications?colour=red', as.manager],
    [
      'a bad instance key header',
      departmentPath('itemRequest', { applicationId: 'x', item: 'pension-enrollment' }),
      { ...as.hrss, 'zeebe-process-instance-key': 'abc' },
    ],
  ])('refuses %s', async (_case, url, headers) => {
    const body = expectRefused(await server.app.inject({ method: 'GET', url, headers }), 400);
    expect(body.code).toBe('INVALID_REQUEST');
  });

  it('answers an unknown route with a 404 in Chinese', async () => {
    const body = expectRefused(
      await server.app.inject({ method: 'GET', url: '/api/nothing' }),
      404,
    );
    expect(body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('serves the OpenAPI description, the counter page and its script', async () => {
    const openapi = await server.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(openapi.statusCode).toBe(200);
    expect(Object.keys(openapi.json().paths)).toEqual(
      expect.arrayContaining(['/api/applications', '/api/status', '/api/materials/{kind}']),
    );
    const submit = openapi.json().paths['/api/applications'].post;
    const form = submit.requestBody.content['application/json'].schema.properties.form;
    expect(Object.keys(form.properties)).toEqual(
      expect.arrayContaining(['items', 'applicant', 'card']),
    );
    const page = await server.app.inject({ method: 'GET', url: '/counter/' });
    expect(page.body).toContain('一窗受理');
    const script = await server.app.inject({ method: 'GET', url: '/counter/counter.js' });
    expect(script.headers['content-type']).toContain('javascript');
  });
});
