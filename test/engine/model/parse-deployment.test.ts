import { describe, expect, it } from 'vitest';
import { bpmnChecksum } from '../../../engine/model/checksum.ts';
import type { FlowNode } from '../../../engine/model/executable-process.ts';
import { parseBpmn } from '../../../engine/model/parse-deployment.ts';
import {
  bpmnDocument,
  bpmnProcess,
  defineProcess,
  type ProcessBuilder,
} from '../support/bpmn-builder.ts';
import { refusal } from './refusal.ts';

const feel = (source: string) => ({ kind: 'feel', source });
const fixed = (value: string) => ({ kind: 'static', value });

async function onlyProcess(xml: string) {
  const [process, ...others] = await parseBpmn(xml, 'test.bpmn');
  expect(others).toEqual([]);
  return process as NonNullable<typeof process>;
}

async function nodeOf(build: (p: ProcessBuilder) => unknown, id: string): Promise<FlowNode> {
  const process = await onlyProcess(bpmnProcess('p', build));
  const node = process.nodes.get(id);
  if (!node) throw new Error(`no node <${id}>`);
  return node;
}

describe('reading a deployment', () => {
  it('reads a service task with its job, headers and mappings', async () => {
    // given a service task with everything Zeebe lets a job carry
    const build = (p: ProcessBuilder) =>
      p
        .start('Start')
        .serviceTask('Verify', {
          name: '核验身份',
          type: '=channel + "-verify"',
          retries: '5',
          headers: { department: 'hrss', timeoutHint: 'PT5M' },
          inputs: { idNumber: '=applicant.idNumber' },
          outputs: { verified: '=result.ok' },
        })
        .end('End');

    // when it is read
    const node = await nodeOf(build, 'Verify');

    // then the runtime has all it needs to create the job
    expect(node).toEqual({
      id: 'Verify',
      name: '核验身份',
      type: 'SERVICE_TASK',
      scopeId: 'p',
      incoming: ['Flow_Start_Verify'],
      outgoing: ['Flow_Verify_End'],
      job: {
        type: feel('channel + "-verify"'),
        retries: fixed('5'),
        headers: { department: 'hrss', timeoutHint: 'PT5M' },
      },
      inputMappings: [{ source: feel('applicant.idNumber'), target: 'idNumber' }],
      outputMappings: [{ source: feel('result.ok'), target: 'verified' }],
      boundaryEventIds: [],
    });
  });

  it.each([
    ['service', (p: ProcessBuilder) => p.serviceTask('T', { type: 'a' }), 'SERVICE_TASK'],
    ['send', (p: ProcessBuilder) => p.sendTask('T', { type: 'a' }), 'SEND_TASK'],
    ['script', (p: ProcessBuilder) => p.scriptTask('T', { type: 'a' }), 'SCRIPT_TASK'],
    [
      'business rule',
      (p: ProcessBuilder) => p.businessRuleTask('T', { type: 'a' }),
      'BUSINESS_RULE_TASK',
    ],
  ])('reads a %s task defined as a job', async (_kind, add, type) => {
    // when a job-based task is read
    const node = await nodeOf((p) => add(p.start()).end(), 'T');

    // then it is a job of its own type, with Zeebe's default of 3 retries
    expect(node).toMatchObject({
      type,
      job: { type: fixed('a'), retries: fixed('3'), headers: {} },
    });
  });

  it.each([
    ['a none end event', (p: ProcessBuilder) => p.end('X'), 'END_EVENT', { kind: 'none' }],
    [
      'a terminate end event',
      (p: ProcessBuilder) => p.end('X', { terminate: true }),
      'END_EVENT',
      { kind: 'terminate' },
    ],
    [
      'an error end event',
      (p: ProcessBuilder) => p.end('X', { errorCode: 'REJECTED' }),
      'END_EVENT',
      { kind: 'error', errorCode: fixed('REJECTED') },
    ],
    [
      'an error end event with a FEEL code',
      (p: ProcessBuilder) => p.end('X', { errorCode: '=reason' }),
      'END_EVENT',
      { kind: 'error', errorCode: feel('reason') },
    ],
    [
      'a timer catch event with a duration',
      (p: ProcessBuilder) => p.timerCatch('X', { duration: 'PT1H' }).end(),
      'INTERMEDIATE_CATCH_EVENT',
      { kind: 'timer', timer: { kind: 'duration', value: fixed('PT1H') } },
    ],
    [
      'a timer catch event with a FEEL date',
      (p: ProcessBuilder) => p.timerCatch('X', { date: '=deadline' }).end(),
      'INTERMEDIATE_CATCH_EVENT',
      { kind: 'timer', timer: { kind: 'date', value: feel('deadline') } },
    ],
    [
      'a message catch event',
      (p: ProcessBuilder) =>
        p.messageCatch('X', { message: 'paid', correlationKey: '=caseNo' }).end(),
      'INTERMEDIATE_CATCH_EVENT',
      { kind: 'message', messageName: fixed('paid'), correlationKey: feel('caseNo') },
    ],
    [
      'a receive task',
      (p: ProcessBuilder) =>
        p.receiveTask('X', { message: '=kind + "-result"', correlationKey: '=caseNo' }).end(),
      'RECEIVE_TASK',
      { kind: 'message', messageName: feel('kind + "-result"'), correlationKey: feel('caseNo') },
    ],
  ])('reads %s', async (_case, add, type, eventDefinition) => {
    // when the element is read
    const node = await nodeOf((p) => add(p.start()), 'X');

    // then its type and event definition are as Zeebe has them
    expect(node).toMatchObject({ type, eventDefinition });
  });

  it.each([
    ['an interrupting timer', { timer: { duration: 'PT1H' } }, true, { kind: 'timer' }],
    [
      'a non-interrupting timer cycle',
      { timer: { cycle: 'R/PT1H' }, interrupting: false },
      false,
      { kind: 'timer', timer: { kind: 'cycle', value: fixed('R/PT1H') } },
    ],
    [
      'a non-interrupting message',
      { message: { message: 'remind', correlationKey: '=caseNo' }, interrupting: false },
      false,
      { kind: 'message', messageName: fixed('remind') },
    ],
    [
      'an error by code',
      { error: 'ID_INVALID' },
      true,
      { kind: 'error', errorCode: fixed('ID_INVALID') },
    ],
    ['a catch-all error', { error: null }, true, { kind: 'error' }],
  ] as const)(
    'attaches %s boundary event to its activity',
    async (_case, options, interrupting, definition) => {
      // given a boundary event on a task
      const process = await onlyProcess(
        bpmnProcess('p', (p) =>
          p
            .start()
            .serviceTask('Work', { type: 'a' })
            .end()
            .boundary('B', 'Work', options)
            .end('Handled'),
        ),
      );

      // when the process is read
      const boundary = process.nodes.get('B');

      // then the activity knows its boundary event and the event its activity
      expect(process.nodes.get('Work')?.boundaryEventIds).toEqual(['B']);
      expect(boundary).toMatchObject({
        type: 'BOUNDARY_EVENT',
        attachedToId: 'Work',
        interrupting,
        eventDefinition: definition,
        outgoing: ['Flow_B_Handled'],
      });
    },
  );

  it('keeps gateway flows in document order with their conditions and default', async () => {
    // given an exclusive gateway with two conditions and a default
    const process = await onlyProcess(
      bpmnProcess('p', (p) =>
        p
          .start()
          .exclusiveGateway('Pick', { default: 'Flow_Pick_Other' })
          .when('=age >= 60')
          .end('Senior')
          .after('Pick')
          .when('=age >= 16')
          .end('Adult')
          .after('Pick')
          .end('Other'),
      ),
    );

    // when the gateway is read
    const gateway = process.nodes.get('Pick');

    // then the outgoing order is the order the gateway tests them in
    expect(gateway).toMatchObject({
      type: 'EXCLUSIVE_GATEWAY',
      outgoing: ['Flow_Pick_Senior', 'Flow_Pick_Adult', 'Flow_Pick_Other'],
      defaultFlowId: 'Flow_Pick_Other',
    });
    expect(process.flows.get('Flow_Pick_Senior')).toEqual({
      id: 'Flow_Pick_Senior',
      sourceId: 'Pick',
      targetId: 'Senior',
      condition: feel('age >= 60'),
    });
  });

  it('reads parallel, inclusive and event-based gateways', async () => {
    // given one of each
    const process = await onlyProcess(
      bpmnProcess('p', (p) =>
        p
          .start()
          .parallelGateway('Fork')
          .inclusiveGateway('Some', { default: 'Flow_Some_Join2' })
          .when('=a')
          .parallelGateway('Join')
          .after('Some')
          .parallelGateway('Join2')
          .after('Fork')
          .eventBasedGateway('Race')
          .messageCatch('Paid', { message: 'paid', correlationKey: '=caseNo' })
          .end('E1')
          .after('Race')
          .timerCatch('Late', { duration: 'P3D' })
          .end('E2')
          .after('Join')
          .end('E3')
          .after('Join2')
          .end('E4'),
      ),
    );

    // then their types and flows are read
    expect(process.nodes.get('Fork')).toMatchObject({
      type: 'PARALLEL_GATEWAY',
      outgoing: ['Flow_Fork_Some', 'Flow_Fork_Race'],
    });
    expect(process.nodes.get('Some')).toMatchObject({
      type: 'INCLUSIVE_GATEWAY',
      defaultFlowId: 'Flow_Some_Join2',
    });
    expect(process.nodes.get('Race')).toMatchObject({
      type: 'EVENT_BASED_GATEWAY',
      outgoing: ['Flow_Race_Paid', 'Flow_Race_Late'],
    });
  });

  it('reads an embedded sub-process with its own scope', async () => {
    // given a sub-process holding a task
    const process = await onlyProcess(
      bpmnProcess('p', (p) =>
        p
          .start('Start')
          .subProcess(
            'Sub',
            (s) => s.start('SubStart').serviceTask('Inner', { type: 'a' }).end('SubEnd'),
            {
              inputs: { local: '=1' },
            },
          )
          .end('End'),
      ),
    );

    // then the process lists only its direct children, the sub-process its own
    expect(process.childIds).toEqual(['Start', 'Sub', 'End']);
    expect(process.startEventId).toBe('Start');
    expect(process.nodes.get('Sub')).toMatchObject({
      type: 'SUB_PROCESS',
      childIds: ['SubStart', 'Inner', 'SubEnd'],
      startEventId: 'SubStart',
      inputMappings: [{ source: feel('1'), target: 'local' }],
    });
    expect(process.nodes.get('Inner')).toMatchObject({ scopeId: 'Sub' });
    expect(process.flows.get('Flow_SubStart_Inner')).toBeDefined();
  });

  it.each([
    [
      'a parallel task',
      (p: ProcessBuilder) =>
        p.serviceTask('Each', {
          type: 'a',
          multiInstance: {
            inputCollection: '=items',
            inputElement: 'item',
            outputCollection: 'results',
            outputElement: '=result',
          },
        }),
      {
        isSequential: false,
        inputCollection: feel('items'),
        inputElement: 'item',
        outputCollection: 'results',
        outputElement: feel('result'),
      },
    ],
    [
      'a sequential sub-process',
      (p: ProcessBuilder) =>
        p.subProcess('Each', (s) => s.start().end(), {
          multiInstance: {
            inputCollection: '=items',
            sequential: true,
            completionCondition: '=done',
          },
        }),
      { isSequential: true, inputCollection: feel('items'), completionCondition: feel('done') },
    ],
  ])('reads multi-instance on %s', async (_case, add, multiInstance) => {
    // when the activity is read
    const node = await nodeOf((p) => add(p.start()).end(), 'Each');

    // then its loop settings are read
    expect(node.multiInstance).toEqual(multiInstance);
  });

  it('reads an undefined task as a pass-through TASK, as Zeebe does', async () => {
    // when a bpmn:task is read
    const node = await nodeOf((p) => p.start().task('Note').end(), 'Note');

    // then it is a TASK without a job
    expect(node).toMatchObject({ type: 'TASK' });
    expect(node.job).toBeUndefined();
  });

  it('reads every executable process of a collaboration and skips pools that are not', async () => {
    // given a collaboration of two executable processes and a documentation-only pool
    const xml = bpmnDocument(
      [
        defineProcess('apply', (p) => p.start().serviceTask('Submit', { type: 'submit' }).end(), {
          name: '参保申请',
        }),
        defineProcess('notify', (p) => p.start().sendTask('Send', { type: 'sms' }).end()),
        defineProcess('external', (p) => p.start().end(), { isExecutable: false }),
      ],
      { collaboration: true },
    );

    // when the file is read
    const processes = await parseBpmn(xml, 'collaboration.bpmn');

    // then both executable processes come back in document order
    expect(processes.map((p) => [p.bpmnProcessId, p.name, p.nodes.size])).toEqual([
      ['apply', '参保申请', 3],
      ['notify', undefined, 3],
    ]);
  });

  it('ignores data objects, annotations and diagram information, as Zeebe does', async () => {
    // given documentation elements next to the flow
    const xml = bpmnProcess('p', (p) =>
      p
        .start('Start')
        .end('End')
        .raw('<bpmn:dataObject id="Doc" />')
        .raw('<bpmn:dataObjectReference id="DocRef" dataObjectRef="Doc" />')
        .raw('<bpmn:textAnnotation id="Note"><bpmn:text>说明</bpmn:text></bpmn:textAnnotation>'),
    );

    // when it is read
    const process = await onlyProcess(xml);

    // then only the flow nodes are there
    expect([...process.nodes.keys()]).toEqual(['Start', 'End']);
  });

  it('reads the bytes of a resource as UTF-8', async () => {
    // given the model as bytes
    const xml = bpmnProcess('p', (p) => p.start().task('Review', { name: '审核' }).end());

    // when the bytes are read
    const [process] = await parseBpmn(new TextEncoder().encode(xml), 'bytes.bpmn');

    // then the Chinese name survives
    expect(process?.nodes.get('Review')?.name).toBe('审核');
  });

  it('refuses a resource that is not a BPMN file', async () => {
    // when a decision table is deployed
    const error = await refusal('<definitions />', 'decision.dmn');

    // then it is refused for its kind
    expect(error.code).toBe('RESOURCE_NOT_BPMN');
    expect(error.message).toContain("'decision.dmn'");
  });
});

describe('the checksum of a resource', () => {
  it('is the same for the same XML, as text or bytes, and differs for any change', () => {
    // given a model and a slightly changed copy
    const xml = bpmnProcess('p', (p) => p.start().end());
    const changed = xml.replace('isExecutable="true"', 'isExecutable="true" name="x"');

    // when checksums are taken
    const sums = [
      bpmnChecksum(xml),
      bpmnChecksum(new TextEncoder().encode(xml)),
      bpmnChecksum(changed),
    ];

    // then identical content matches and changed content does not
    expect(sums[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(sums[1]).toBe(sums[0]);
    expect(sums[2]).not.toBe(sums[0]);
  });
});
