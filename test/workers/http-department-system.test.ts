import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ItemResult } from '../../bpmn/process-contract.ts';
import type { ItemRequest } from '../../server/department-api/contract.ts';
import { HttpDepartmentSystem } from '../../workers/departments/http/http-department-system.ts';
import type {
  ArchiveRequest,
  CardRequest,
  EmploymentRequest,
} from '../../workers/departments/hrss/hrss-system.ts';
import { SAMPLE_PHOTO } from './support/in-memory-application-source.ts';
import { itemRequestOf, syntheticApplication } from './support/synthetic-applications.ts';

/**
 * A department's HTTP API as the client expects it: answers stored by idempotency key,
 * later decisions waiting for delivery, and a switch to answer like a broken system.
 */
function departmentSystemApi() {
  const answers = new Map<string, unknown>();
  const received: { key?: string; authorization?: string; body: Record<string, unknown> }[] = [];
  const later: { applicationId: string; result: ItemResult; delivered: boolean }[] = [];
  const behaviour = { status: 0, body: undefined as unknown };
  const app = Fastify({ bodyLimit: 1_000_000 });

  app.addHook('onRequest', async (_request, reply) => {
    if (behaviour.status) return reply.code(behaviour.status).send(behaviour.body);
  });
  app.post<{ Body: ItemRequest & Record<string, unknown> }>('/api/requests', (request) => {
    const key = request.headers['idempotency-key'] as string;
    received.push({ key, authorization: request.headers.authorization, body: request.body });
    if (!answers.has(key)) {
      answers.set(
        key,
        request.body.item === 'archive-transfer'
          ? { state: 'pending' }
          : {
              state: 'decided',
              result: {
                item: request.body.item,
                outcome: 'approved',
                details: { number: `N${answers.size + 1}` },
                decidedAt: '2026-03-10T10:00:00+08:00',
              },
            },
      );
    }
    return answers.get(key);
  });
  app.post<{ Body: { applicationId: string } }>('/api/card-mailings', async (request, reply) => {
    if (request.body.applicationId === 'no-card') {
      return reply.code(409).send({ code: 'CARD_NOT_APPROVED', message: '未办结' });
    }
    return { trackingNumber: 'EMS0001', mailedAt: '2026-03-11T09:00:00+08:00' };
  });
  app.get('/api/decisions', () => ({
    decisions: later
      .filter((d) => !d.delivered)
      .map(({ applicationId, result }) => ({ applicationId, result })),
  }));
  app.put<{ Params: { applicationId: string; item: string } }>(
    '/api/decisions/:applicationId/:item/delivered',
    async (request, reply) => {
      const decision = later.find((d) => d.applicationId === request.params.applicationId);
      if (decision) decision.delivered = true;
      return reply.code(204).send();
    },
  );
  return { app, received, later, behaviour };
}

describe('the HTTP department system', () => {
  const api = departmentSystemApi();
  const application = syntheticApplication({ seed: 9 });
  let system: HttpDepartmentSystem;

  beforeAll(async () => {
    const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
    system = new HttpDepartmentSystem({
      baseUrl: `${address}/api`,
      token: 's3cret',
      timeoutMs: 2_000,
    });
  });
  afterAll(() => api.app.close());

  it('hands an item over with its idempotency key and credentials, and reads the decision', async () => {
    // when HRSS's pension enrollment is submitted twice (a job delivered twice)
    api.behaviour.status = 0;
    const request = itemRequestOf(application, 'pension-enrollment');
    const first = await system.enrollPension(request);
    const second = await system.enrollPension(request);

    // then both carried the same key, and the department's one answer came back twice
    const key = `${application.applicationId}:pension-enrollment`;
    expect(api.received.slice(-2).map((r) => r.key)).toEqual([key, key]);
    expect(api.received.at(-1)?.authorization).toBe('Bearer s3cret');
    expect(first).toMatchObject({ state: 'decided', result: { outcome: 'approved' } });
    expect(second).toEqual(first);
  });

  it('sends the card photo with the card application', async () => {
    await system.applyForCard(
      itemRequestOf(application, 'social-security-card') as CardRequest,
      SAMPLE_PHOTO,
    );
    expect(api.received.at(-1)?.body.photo).toEqual({
      contentType: 'image/png',
      base64: Buffer.from(SAMPLE_PHOTO.bytes).toString('base64'),
    });
  });

  it('reads a pending answer, then the decision from the feed until it is delivered', async () => {
    // given the department reviews archive transfers
    const request = itemRequestOf(application, 'archive-transfer');
    expect(await system.transferArchive(request as ArchiveRequest)).toEqual({ state: 'pending' });

    // when it decides later
    const result: ItemResult = {
      item: 'archive-transfer',
      outcome: 'rejected',
      reason: '接收机构不存在',
      decidedAt: '2026-03-11T09:00:00+08:00',
    };
    api.later.push({ applicationId: application.applicationId, result, delivered: false });

    // then the feed has it until marked delivered
    expect(await system.undeliveredDecisions(10)).toEqual([
      { applicationId: application.applicationId, result },
    ]);
    await system.markDelivered(application.applicationId, 'archive-transfer');
    expect(await system.undeliveredDecisions(10)).toEqual([]);
  });

  it('mails a card, and says when there is no approved card to mail', async () => {
    const request = itemRequestOf(application, 'social-security-card') as CardRequest;
    expect(await system.mailCard(request)).toEqual({
      trackingNumber: 'EMS0001',
      mailedAt: '2026-03-11T09:00:00+08:00',
    });
    await expect(system.mailCard({ ...request, applicationId: 'no-card' })).rejects.toMatchObject({
      code: 'CARD_NOT_APPROVED',
      retryable: false,
    });
  });

  it.each([
    ['a system that is down', 503, {}, 'DEPARTMENT_UNAVAILABLE', true],
    ['a system that throttles', 429, {}, 'DEPARTMENT_UNAVAILABLE', true],
    ['refused credentials', 401, { code: 'UNAUTHORIZED' }, 'DEPARTMENT_REQUEST_REFUSED', false],
    ['a malformed answer', 200, { state: 'maybe' }, 'DEPARTMENT_ANSWER_INVALID', true],
    [
      'a decision for another item',
      200,
      {
        state: 'decided',
        result: {
          item: 'housing-fund-account',
          outcome: 'approved',
          decidedAt: '2026-03-10T10:00:00+08:00',
        },
      },
      'DEPARTMENT_ANSWER_INVALID',
      true,
    ],
  ])('maps %s to %s', async (_case, status, body, code, retryable) => {
    // given the department answers that way
    api.behaviour.status = status;
    api.behaviour.body = body;

    // when an item is handed over, then the error says what happened and whether to retry
    const request = itemRequestOf(application, 'employment-registration');
    await expect(system.registerEmployment(request as EmploymentRequest)).rejects.toMatchObject({
      code,
      retryable,
    });
    api.behaviour.status = 0;
  });

  it('counts an unreachable system as unavailable', async () => {
    const closed = Fastify();
    const address = await closed.listen({ port: 0, host: '127.0.0.1' });
    await closed.close();
    const unreachable = new HttpDepartmentSystem({
      baseUrl: address,
      token: 't',
      timeoutMs: 2_000,
    });
    await expect(unreachable.undeliveredDecisions(1)).rejects.toMatchObject({
      code: 'DEPARTMENT_UNAVAILABLE',
      retryable: true,
    });
  });
});
