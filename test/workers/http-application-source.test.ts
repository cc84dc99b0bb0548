import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ItemResult } from '../../bpmn/process-contract.ts';
import {
  departmentRoutes,
  PROCESS_INSTANCE_KEY_HEADER,
} from '../../server/department-api/contract.ts';
import { HttpApplicationSource } from '../../workers/application-source/http.ts';
import { InMemoryApplicationSource } from './support/in-memory-application-source.ts';
import { syntheticApplication } from './support/synthetic-applications.ts';

/**
 * A stand-in for the server's department API: the agreed routes over an in-memory store,
 * with the token of `hrss` only, and switches that make it answer as a broken server would.
 */
function departmentApi(store: InMemoryApplicationSource) {
  const seen: { authorization?: string; instanceKey?: string; body?: unknown }[] = [];
  const behaviour = { status: 0, body: undefined as unknown };
  const app = Fastify();

  app.addHook('onRequest', async (request, reply) => {
    seen.push({
      authorization: request.headers.authorization,
      instanceKey: request.headers[PROCESS_INSTANCE_KEY_HEADER] as string | undefined,
    });
    if (request.headers.authorization !== 'Bearer dev-hrss') {
      return reply.code(401).send({ statusCode: 401, code: 'TOKEN_UNKNOWN', message: '凭据无效' });
    }
    if (behaviour.status) return reply.code(behaviour.status).send(behaviour.body);
  });
  app.setErrorHandler((error, _request, reply) => {
    const { code, message } = error as { code?: string; message: string };
    const status = code === 'APPLICATION_NOT_FOUND' ? 404 : 409;
    void reply.code(status).send({ statusCode: status, code, message });
  });

  type Params = { applicationId: string; item: ItemResult['item'] };
  app.get<{ Params: Params }>(departmentRoutes.itemRequest, ({ params }) =>
    store.itemRequest(params.applicationId, params.item),
  );
  app.get<{ Params: Params }>(departmentRoutes.photo, async ({ params }, reply) => {
    const photo = await store.photo(params.applicationId);
    return reply.type(photo.contentType).send(Buffer.from(photo.bytes));
  });
  app.put<{ Params: Params; Body: ItemResult }>(departmentRoutes.outcome, (request) => {
    seen.at(-1)!.body = request.body;
    return store.recordOutcome(request.params.applicationId, request.body);
  });
  return { app, seen, behaviour };
}

describe('the HTTP application source', () => {
  const store = new InMemoryApplicationSource();
  const application = syntheticApplication({ seed: 7 });
  store.add(application);
  const api = departmentApi(store);
  let source: HttpApplicationSource;

  beforeAll(async () => {
    const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
    source = new HttpApplicationSource({ serverUrl: address, token: 'dev-hrss', timeoutMs: 2_000 });
  });
  afterAll(() => api.app.close());

  const context = { processInstanceKey: '2251799813685251' };

  it('reads an item request with the department token and the instance key', async () => {
    // when HRSS reads the card item of an application
    api.behaviour.status = 0;
    const request = await source.itemRequest(
      application.applicationId,
      'social-security-card',
      context,
    );

    // then it gets the applicant and the card section only, and sent its token and instance
    expect(request.form.applicant.idNumber).toBe(application.form.applicant.idNumber);
    expect(request.form.card?.bankCode).toBe(application.form.card?.bankCode);
    expect(request.form.housingFund).toBeUndefined();
    expect(api.seen.at(-1)).toMatchObject({
      authorization: 'Bearer dev-hrss',
      instanceKey: '2251799813685251',
    });
  });

  it('reads the card photo as bytes with its type', async () => {
    const photo = await source.photo(application.applicationId, context);
    expect(photo.contentType).toBe('image/png');
    expect(photo.bytes[1]).toBe(0x50);
  });

  it('writes an outcome and reads back the item progress', async () => {
    const result: ItemResult = {
      item: 'pension-enrollment',
      outcome: 'approved',
      details: { enrollmentNumber: 'YL3701002026000001' },
      decidedAt: '2026-03-10T10:00:00+08:00',
    };
    const progress = await source.recordOutcome(application.applicationId, result, context);
    expect(progress).toMatchObject({ item: 'pension-enrollment', state: 'completed', result });
    expect(api.seen.at(-1)?.body).toEqual(result);
  });

  it.each([
    ['an unknown application', 0, undefined, 'APPLICATION_NOT_FOUND', false],
    [
      'a superseded instance',
      409,
      { statusCode: 409, code: 'INSTANCE_SUPERSEDED', message: '已取代' },
      'INSTANCE_SUPERSEDED',
      false,
    ],
    [
      'a store that is down',
      503,
      { statusCode: 503, code: 'STORE_UNAVAILABLE', message: '稍后重试' },
      'APPLICATION_SOURCE_UNAVAILABLE',
      true,
    ],
    ['too many requests', 429, {}, 'APPLICATION_SOURCE_UNAVAILABLE', true],
    [
      'another department’s item',
      403,
      { statusCode: 403, code: 'FORBIDDEN', message: '无权' },
      'APPLICATION_SOURCE_REFUSED',
      false,
    ],
    ['an answer off the contract', 200, { applicationId: 1 }, 'APPLICATION_SOURCE_REFUSED', false],
  ])('maps %s to %s', async (_case, status, body, code, retryable) => {
    // given the server answers that way
    api.behaviour.status = status;
    api.behaviour.body = body;
    const applicationId = status === 0 ? 'no-such-application' : application.applicationId;

    // when an item request is read, then the error says what happened and whether to retry
    await expect(source.itemRequest(applicationId, 'pension-enrollment')).rejects.toMatchObject({
      code,
      retryable,
    });
  });

  it('counts an unreachable or silent server as unavailable, to be retried', async () => {
    // given nothing listens on the address
    const closed = Fastify();
    const address = await closed.listen({ port: 0, host: '127.0.0.1' });
    await closed.close();
    const unreachable = new HttpApplicationSource({
      serverUrl: address,
      token: 't',
      timeoutMs: 2_000,
    });

    // and a server that never answers
    const silent = Fastify();
    silent.get('/*', () => new Promise(() => undefined));
    const silentAddress = await silent.listen({ port: 0, host: '127.0.0.1' });
    const slow = new HttpApplicationSource({ serverUrl: silentAddress, token: 't', timeoutMs: 50 });

    // then both fail with a retryable error
    for (const client of [unreachable, slow]) {
      await expect(client.itemRequest('a-1', 'pension-enrollment')).rejects.toMatchObject({
        code: 'APPLICATION_SOURCE_UNAVAILABLE',
        retryable: true,
      });
    }
    await silent.close();
  });
});
