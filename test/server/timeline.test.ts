import { afterEach, describe, expect, it } from 'vitest';
import type { EngineRecord } from '../../engine/api.ts';
import {
  EngineRecordsUnavailableError,
  type EngineRecordsReader,
  type ListRecordsQuery,
} from '../../platform/engine-records-client.ts';
import { sampleApplicationForm } from '../../server/form/synthetic.ts';
import { databaseTargets } from '../support/databases.ts';
import { as, referenceData, startTestServer, type TestServer } from './support/server-harness.ts';

describe('the operations timeline', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
  });

  async function started(engineRecords: EngineRecordsReader) {
    server = await startTestServer(databaseTargets[0]!, { engineRecords });
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/applications',
      headers: as.clerk,
      payload: { form: sampleApplicationForm(referenceData, { items: ['pension-enrollment'] }) },
    });
    const id = response.json().applicationId;
    const timeline = await server.app.inject({
      method: 'GET',
      url: `/api/operations/applications/${id}/timeline`,
      headers: as.manager,
    });
    return {
      timeline: timeline.json(),
      instanceKey: server.instances.created[0]!.processInstanceKey,
    };
  }

  const record = (
    position: number,
    valueType: EngineRecord['valueType'],
    intent: string,
    extra = {},
  ) =>
    ({
      position: String(position),
      key: String(1000 + position),
      valueType,
      intent,
      timestamp: Date.now() + position,
      processInstanceKey: '1',
      tenantId: '<default>',
      value: {},
      ...extra,
    }) as EngineRecord;

  it('joins the engine’s records for the recorded instance, in time order', async () => {
    // given an engine whose records for the instance hold a job, a variable and a flow
    const asked: ListRecordsQuery[] = [];
    const reader: EngineRecordsReader = {
      listRecords: async (query) => {
        asked.push(query);
        return {
          items: [
            record(1, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', {
              elementId: 'Process',
              bpmnElementType: 'PROCESS',
            }),
            record(2, 'VARIABLE', 'CREATED'),
            record(3, 'PROCESS_INSTANCE', 'SEQUENCE_FLOW_TAKEN', {
              bpmnElementType: 'SEQUENCE_FLOW',
            }),
            record(4, 'JOB', 'CREATED', {
              elementId: 'Task_Deadline',
              value: { type: 'calendar.deadline' },
            }),
          ],
          nextPosition: '4',
        };
      },
    };

    // when a manager reads the timeline
    const { timeline, instanceKey } = await started(reader);

    // then it shows the store's events and the element and job records, not variables or flows
    expect(asked[0]!.processInstanceKey).toBe(instanceKey);
    expect(timeline.sources).toEqual(['application-store', 'engine']);
    const engine = timeline.timeline.filter(
      (entry: { source: string }) => entry.source === 'engine',
    );
    expect(engine.map((entry: { type: string }) => entry.type)).toEqual([
      'PROCESS_INSTANCE.ELEMENT_ACTIVATED',
      'JOB.CREATED',
    ]);
    expect(engine[1].data).toMatchObject({ elementId: 'Task_Deadline', type: 'calendar.deadline' });
    const times = timeline.timeline.map((entry: { at: string }) => entry.at);
    expect(times).toEqual([...times].sort());
  });

  it('answers from the store alone, saying so, when the records are unavailable', async () => {
    const reader: EngineRecordsReader = {
      listRecords: async () => {
        throw new EngineRecordsUnavailableError('down');
      },
    };

    const { timeline } = await started(reader);

    expect(timeline.sources).toEqual(['application-store']);
    expect(timeline.notes).toEqual(['引擎记录暂不可用，时间线只含受理服务的事件']);
    expect(timeline.timeline.map((entry: { type: string }) => entry.type)).toEqual([
      'received',
      'started',
    ]);
  });
});
