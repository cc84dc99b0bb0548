import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineRecord } from '../../engine/api.ts';
import {
  buildRecordsApi,
  startRecordsApi,
  type RecordsApi,
  type RecordsPage,
} from '../../engine/records-api/index.ts';
import {
  EngineRecordsClient,
  EngineRecordsRefusedError,
  EngineRecordsUnavailableError,
} from '../../platform/engine-records-client.ts';
import { databaseTargets } from '../support/databases.ts';
import { bpmnProcess } from './support/bpmn-builder.ts';
import {
  completeOne,
  deployModel,
  openHarness,
  type EngineHarness,
} from './runtime/support/harness.ts';

const logger = pino({ level: 'silent' });

const model = bpmnProcess('review', (p) =>
  p.start('Received').serviceTask('Check', { type: 'check' }).end('Checked'),
);

describe.each(databaseTargets)('the engine records endpoint on $name', (target) => {
  let harness: EngineHarness;
  let app: FastifyInstance;
  let api: RecordsApi;
  let client: EngineRecordsClient;
  let instance: string;
  let other: string;

  beforeAll(async () => {
    harness = await openHarness(target);
    await deployModel(harness.engine, model);
    instance = (await harness.engine.createProcessInstance({ bpmnProcessId: 'review' }))
      .processInstanceKey;
    other = (await harness.engine.createProcessInstance({ bpmnProcessId: 'review' }))
      .processInstanceKey;
    await completeOne(harness.engine, 'check');
    await completeOne(harness.engine, 'check');

    app = buildRecordsApi({ engine: harness.engine, logger });
    api = await startRecordsApi({ engine: harness.engine, logger, port: 0 });
    client = new EngineRecordsClient(api.address);
  });

  afterAll(async () => {
    await app?.close();
    await api?.stop();
    await harness?.close();
  });

  const get = async (query: string) => app.inject({ method: 'GET', url: `/v1/records?${query}` });

  describe('through inject()', () => {
    it('lists the records of one instance in position order', async () => {
      // when the records of one instance are asked for
      const response = await get(`processInstanceKey=${instance}`);

      // then they are that instance's records, in the engine's order, oldest first
      expect(response.statusCode).toBe(200);
      const page: RecordsPage = response.json();
      expect(page.items).toEqual(await harness.engine.records({ processInstanceKey: instance }));
      expect(page.items.every((record) => record.processInstanceKey === instance)).toBe(true);
      expect(increasing(page.items)).toBe(true);
      expect(lifecycle(page.items)).toEqual(
        expect.arrayContaining(['Check:ELEMENT_ACTIVATED', 'review:ELEMENT_COMPLETED']),
      );
      expect(page.nextPosition).toBe(page.items.at(-1)?.position);
    });

    it('pages through an instance with afterPosition and nextPosition', async () => {
      // given the whole list in one page
      const whole: RecordsPage = (await get(`processInstanceKey=${instance}`)).json();

      // when it is read three records at a time, each page after the last one's nextPosition
      const pages: RecordsPage[] = [];
      let after = '';
      do {
        const query = `processInstanceKey=${instance}&limit=3${after && `&afterPosition=${after}`}`;
        pages.push((await get(query)).json());
        after = pages.at(-1)!.nextPosition ?? '';
      } while (pages.at(-1)!.items.length === 3);

      // then the pages together are the whole list, each but the last full
      expect(pages.flatMap((page) => page.items)).toEqual(whole.items);
      expect(pages.slice(0, -1).every((page) => page.items.length === 3)).toBe(true);
      expect(pages.at(-1)!.nextPosition).toBe(whole.nextPosition);
    });

    it('filters by value type', async () => {
      // when only the jobs of the instance are asked for
      const page: RecordsPage = (await get(`processInstanceKey=${instance}&valueType=JOB`)).json();

      // then the job's lifecycle is listed and nothing else
      expect(page.items.map((record) => `${record.valueType}:${record.intent}`)).toEqual([
        'JOB:CREATED',
        'JOB:ACTIVATED',
        'JOB:COMPLETED',
      ]);
    });

    it('answers an empty page for a key it does not know', async () => {
      // when an unknown instance is asked for, after the last position
      const response = await get('processInstanceKey=4503599627370495&afterPosition=12');

      // then the page is empty and the cursor stays where it was
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ items: [], nextPosition: '12' });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=2.5', 'limit'],
      ['limit=1&limit=2', 'limit'],
      ['processInstanceKey=abc', 'processInstanceKey'],
      ['processInstanceKey=', 'processInstanceKey'],
      ['processInstanceKey=9223372036854775808', 'processInstanceKey'],
      ['afterPosition=-1', 'afterPosition'],
      ['valueType=JOBS', 'valueType'],
      ['colour=red', 'colour'],
    ])('refuses %s with 400 naming <%s>', async (query, parameter) => {
      // when a bad query is sent
      const response = await get(query);

      // then it is refused, the message naming the parameter
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ statusCode: 400, code: 'INVALID_QUERY' });
      expect(response.json().message).toContain(`<${parameter}>`);
    });

    it('answers its health and refuses any other route', async () => {
      // when the health route and an unknown one are called
      const health = await app.inject({ method: 'GET', url: '/health' });
      const write = await app.inject({ method: 'POST', url: '/v1/records', payload: {} });

      // then health is ok and the endpoint stays read-only
      expect(health.json()).toEqual({ status: 'ok' });
      expect(write.statusCode).toBe(404);
      expect(write.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    });
  });

  describe('through the client against a listening endpoint', () => {
    it('lists the records of one instance in position order', async () => {
      // when the client lists one instance's records
      const page = await client.listRecords({ processInstanceKey: other });

      // then they are the engine's records of that instance, in order
      expect(page.items).toEqual(await harness.engine.records({ processInstanceKey: other }));
      expect(page.items.length).toBeGreaterThan(0);
      expect(increasing(page.items)).toBe(true);
    });

    it('pages with afterPosition until it has caught up', async () => {
      // given every record the engine holds
      const all = await harness.engine.records({});

      // when the client reads them five at a time
      const read: EngineRecord[] = [];
      let afterPosition: string | undefined;
      for (;;) {
        const page = await client.listRecords({ afterPosition, limit: 5 });
        read.push(...page.items);
        afterPosition = page.nextPosition ?? undefined;
        if (page.items.length < 5) break;
      }

      // then it read each exactly once, in order
      expect(read).toEqual(all);
    });

    it('throws a refusal naming the parameter for a bad query', async () => {
      // when the client sends a limit the endpoint does not accept
      const listing = client.listRecords({ processInstanceKey: instance, limit: 0 });

      // then the endpoint's message comes back as a refusal
      await expect(listing).rejects.toBeInstanceOf(EngineRecordsRefusedError);
      await expect(listing).rejects.toMatchObject({ status: 400, message: /<limit>/ });
    });
  });
});

describe('the engine records endpoint', () => {
  it('serves at most 1,000 records a page however many are asked for', async () => {
    // given an endpoint over an engine that notes what it is asked
    const asked: unknown[] = [];
    const app = buildRecordsApi({
      engine: { records: async (query) => (asked.push(query), []) },
      logger,
    });

    // when more than a page is asked for, and then no limit at all
    await app.inject({ method: 'GET', url: '/v1/records?limit=5000' });
    await app.inject({ method: 'GET', url: '/v1/records' });
    await app.close();

    // then the engine is asked for 1,000 each time
    expect(asked).toEqual([{ limit: 1000 }, { limit: 1000 }]);
  });

  it('is unavailable to the client once stopped, saying where it looked', async () => {
    // given an endpoint that was listening and has stopped
    const api = await startRecordsApi({ engine: { records: async () => [] }, logger, port: 0 });
    await api.stop();

    // when the client asks it for records
    const listing = new EngineRecordsClient(api.address).listRecords({});

    // then the client says the endpoint is unreachable and where it looked
    await expect(listing).rejects.toBeInstanceOf(EngineRecordsUnavailableError);
    await expect(listing).rejects.toMatchObject({
      code: 'ENGINE_RECORDS_UNAVAILABLE',
      message: expect.stringContaining(`<${api.address}> is unreachable`),
    });
  });
});

function increasing(records: EngineRecord[]): boolean {
  return records.every(
    (record, index) =>
      index === 0 || BigInt(record.position) > BigInt(records[index - 1]!.position),
  );
}

function lifecycle(records: EngineRecord[]): string[] {
  return records
    .filter((record) => record.valueType === 'PROCESS_INSTANCE')
    .map((record) => `${record.elementId}:${record.intent}`);
}
