import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sampleApplicationForm } from '../../server/form/synthetic.ts';
import {
  IdentityServiceUnavailableError,
  type IdentityDataSharing,
} from '../../server/identity/data-sharing.ts';
import { HttpIdentityDataSharing } from '../../server/identity/http-data-sharing.ts';
import { ReferenceIdentityDataSharing } from '../../server/identity/reference-data-sharing.ts';
import { databaseTargets } from '../support/databases.ts';
import { as, referenceData, startTestServer } from './support/server-harness.ts';

describe('the reference data-sharing service', () => {
  const sharing = new ReferenceIdentityDataSharing(referenceData, { today: () => '2026-03-10' });

  it.each([
    ['a 12-year-old: the 5 years from 10', '370102201401010011', '2024-01-01', '2029-01-01'],
    ['a 20-year-old: 10 years from 16', '370102200601010016', '2022-01-01', '2032-01-01'],
    ['a 36-year-old: 20 years from 26', '370202199003070013', '2016-03-07', '2036-03-07'],
    ['a 50-year-old: 长期 from 46', '370303197601010014', '2022-01-01', '长期'],
  ])('derives validity for %s', async (_case, idNumber, validFrom, validTo) => {
    const answer = await sharing.confirm({ name: '张测试', idType: 'resident-id', idNumber });
    expect(answer).toMatchObject({ confirmed: true, validFrom, validTo });
  });

  it('names the city’s public security bureau as the issuing authority', async () => {
    const answer = await sharing.confirm({
      name: '张测试',
      idType: 'resident-id',
      idNumber: '370202199003070013',
    });
    expect(answer).toMatchObject({ issuingAuthority: '青岛市公安局' });
  });

  it('does not confirm residence permits or foreigners’ cards, nor unregistered numbers', async () => {
    const unregistered = new ReferenceIdentityDataSharing(referenceData, {
      unregistered: ['370202199003070013'],
    });
    const permit = await sharing.confirm({
      name: '李样例',
      idType: 'hk-macau-taiwan-residence-permit',
      idNumber: '810000199003070014',
    });
    const unknown = await unregistered.confirm({
      name: '李样例',
      idType: 'resident-id',
      idNumber: '370202199003070013',
    });
    expect(permit.confirmed).toBe(false);
    expect(unknown).toMatchObject({ confirmed: false, reason: expect.stringContaining('人口库') });
  });
});

describe('the HTTP data-sharing client', () => {
  let answer: (body: string) => { status: number; body: string; delayMs?: number };
  let seen: { authorization?: string; body: string }[] = [];
  let service: Server;
  let baseUrl: string;

  beforeAll(async () => {
    service = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({ authorization: request.headers.authorization, body });
        const reply = answer(body);
        setTimeout(() => {
          response.writeHead(reply.status, { 'content-type': 'application/json' });
          response.end(reply.body);
        }, reply.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}/sharing`;
  });

  afterEach(() => {
    seen = [];
  });

  afterAll(async () => {
    service.closeAllConnections();
    await new Promise((resolve) => service.close(resolve));
  });

  const query = { name: '张测试', idType: 'resident-id' as const, idNumber: '370202199003070013' };

  it('posts the name and number with its token and reads a confirmation', async () => {
    answer = () => ({
      status: 200,
      body: JSON.stringify({
        confirmed: true,
        issuingAuthority: '青岛市公安局市南分局',
        validFrom: '2016-03-07',
        validTo: '2036-03-07',
      }),
    });
    const client = new HttpIdentityDataSharing(baseUrl, 's3cret');

    const confirmation = await client.confirm(query);

    expect(confirmation).toMatchObject({
      confirmed: true,
      issuingAuthority: '青岛市公安局市南分局',
    });
    expect(seen[0]).toEqual({ authorization: 'Bearer s3cret', body: JSON.stringify(query) });
  });

  it('reads a refusal with its reason', async () => {
    answer = () => ({
      status: 200,
      body: JSON.stringify({ confirmed: false, reason: '姓名不符' }),
    });
    const confirmation = await new HttpIdentityDataSharing(baseUrl, undefined).confirm(query);
    expect(confirmation).toEqual({ confirmed: false, reason: '姓名不符' });
  });

  it.each([
    ['a server error', () => ({ status: 502, body: '{}' })],
    ['an unknown shape', () => ({ status: 200, body: JSON.stringify({ ok: 1 }) })],
    ['no JSON at all', () => ({ status: 200, body: '<html>' })],
    ['no answer in time', () => ({ status: 200, body: '{}', delayMs: 500 })],
  ])('counts %s as the service being unavailable', async (_case, reply) => {
    answer = reply;
    const client = new HttpIdentityDataSharing(baseUrl, 'x', 100);
    await expect(client.confirm(query)).rejects.toBeInstanceOf(IdentityServiceUnavailableError);
  });

  it('counts an unreachable service as unavailable', async () => {
    const client = new HttpIdentityDataSharing('http://127.0.0.1:9/', 'x', 500);
    await expect(client.confirm(query)).rejects.toBeInstanceOf(IdentityServiceUnavailableError);
  });
});

describe('intake while data sharing is unavailable', () => {
  const unavailable: IdentityDataSharing = {
    confirm: async () => {
      throw new IdentityServiceUnavailableError('down');
    },
  };

  it('asks for the ID image instead of failing the submission', async () => {
    // given the data-sharing service is down
    const server = await startTestServer(databaseTargets[0]!, { identity: unavailable });

    // when a form arrives without an ID image
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: as.clerk,
      payload: { form: sampleApplicationForm(referenceData, { items: ['pension-enrollment'] }) },
    });

    // then the clerk is told to upload the ID image
    expect(response.statusCode).toBe(400);
    expect(response.json().fields).toEqual([
      { field: 'materials.idDocument', message: expect.stringContaining('服务暂不可用') },
    ]);
    await server.close();
  });
});
