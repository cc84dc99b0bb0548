import { beforeAll, describe, expect, it } from 'vitest';

import {
  ITEM_REJECTED_ERROR,
  PLATFORM_DEPARTMENT,
  PROCESS_ID,
  RESULT_MESSAGE,
  departments,
  itemCodes,
  items,
  jobTypes,
  resultVariables,
  type ItemCode,
} from '../../bpmn/process-contract.ts';
import {
  type Element,
  type LoadedModel,
  extension,
  headersOf,
  isFlowNode,
  jobTypeOf,
  loadModel,
  mappingsOf,
} from './support/provincial-model.ts';

let model: LoadedModel;

beforeAll(async () => {
  model = await loadModel();
});

/** Element types the embedded engine executes, as this model uses them. */
const supportedTypes = [
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:ServiceTask',
  'bpmn:ReceiveTask',
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:SubProcess',
  'bpmn:BoundaryEvent',
  'bpmn:SequenceFlow',
];

const contractJobTypes = [
  ...Object.values(items).map((item) => item.submitJobType),
  ...Object.values(jobTypes),
];

describe('the provincial model against the process contract', () => {
  it('is the executable process the contract names', () => {
    expect(model.process.id).toBe(PROCESS_ID);
    expect(model.process.isExecutable).toBe(true);
  });

  it('uses every job type of the contract, and no other', () => {
    // when
    const modelJobTypes = new Set(model.flowElements.flatMap((e) => jobTypeOf(e) ?? []));

    // then
    expect([...modelJobTypes].sort()).toEqual([...new Set(contractJobTypes)].sort());
  });

  it('uses only elements the embedded engine executes, with plain start and end events', () => {
    // when
    const unsupported = model.flowElements
      .filter((element) => !supportedTypes.includes(element.$type))
      .map((element) => `${element.id} ${element.$type}`);
    const eventsWithDefinitions = model.flowElements
      .filter((e) => e.$type === 'bpmn:StartEvent' || e.$type === 'bpmn:EndEvent')
      .filter((e) => ((e.eventDefinitions ?? []) as Element[]).length > 0)
      .map((e) => e.id);

    // then
    expect(unsupported).toEqual([]);
    expect(eventsWithDefinitions).toEqual([]);
  });

  it('gives every element a Chinese name and an English id that says what it is', () => {
    // when
    const unnamed = model.flowElements
      .filter(isFlowNode)
      .filter((element) => !/[\u4e00-\u9fff]/.test(element.name ?? ''))
      .map((element) => element.id);
    const badIds = model.flowElements
      .map((element) => element.id)
      .filter(
        (id) => !/^(Start|End|Task|Gateway|SubProcess|Boundary|Flow)_[A-Z][A-Za-z]+$/.test(id),
      );

    // then
    expect(unnamed).toEqual([]);
    expect(badIds).toEqual([]);
  });

  it('carries retries and the item and department headers on every job', () => {
    // when
    const wrong = model.flowElements
      .filter((element) => jobTypeOf(element))
      .flatMap((task) => jobProblems(task));

    // then
    expect(wrong).toEqual([]);
  });

  it('hands each item to its department, with the error boundary that ends it rejected', () => {
    for (const item of itemCodes) {
      // given
      const submits = tasksOfItem(item).filter((task) => jobTypeOf(task)?.endsWith('.submit'));

      // then
      expect(submits.map(jobTypeOf).sort(), item).toEqual(submitJobTypesOf(item).sort());
      for (const submit of submits) {
        const [rejection, ...others] = boundariesOf(submit);
        expect(others, submit.id).toEqual([]);
        expect(errorCodeOf(rejection), submit.id).toBe(ITEM_REJECTED_ERROR);
        expect(mappingsOf(rejection as Element, 'outputParameters'), submit.id).toEqual([
          { source: '=result', target: resultVariables[item] },
        ]);
      }
    }
  });

  it('waits for each item result by message, correlated by application and item', () => {
    for (const item of itemCodes) {
      // given
      const [receive, ...others] = tasksOfItem(item).filter((t) => t.$type === 'bpmn:ReceiveTask');
      const message = receive?.messageRef as Element;
      const subscription = extension(message, 'zeebe:Subscription');

      // then
      expect(others, item).toEqual([]);
      expect(message.name, item).toBe(RESULT_MESSAGE);
      expect(subscription?.correlationKey, item).toBe(`=applicationId + ":${item}"`);
      expect(mappingsOf(receive as Element, 'outputParameters'), item).toEqual([
        { source: '=result', target: resultVariables[item] },
      ]);
    }
  });

  it('escalates each item at the deadline without interrupting the wait', () => {
    for (const item of itemCodes) {
      // given
      const receive = tasksOfItem(item).find((t) => t.$type === 'bpmn:ReceiveTask') as Element;
      const [timer, ...others] = boundariesOf(receive);
      const definition = ((timer?.eventDefinitions ?? []) as Element[])[0];
      const next = outgoingTargets(timer as Element);

      // then
      expect(others, item).toEqual([]);
      expect(timer?.cancelActivity, item).toBe(false);
      expect((definition?.timeDate as Element | undefined)?.body, item).toBe('=deadline');
      expect(next.map(jobTypeOf), item).toEqual([jobTypes.escalate]);
    }
  });

  it('records each item outcome from its own result variable', () => {
    for (const item of itemCodes) {
      // given: a refusal for a rejected prerequisite is recorded by a task of its own
      const records = tasksOfItem(item).filter((t) => jobTypeOf(t) === jobTypes.recordOutcome);
      const [decided, ...refusals] = records.filter((t) => !t.id.endsWith('PrerequisiteRejected'));

      // then
      expect(refusals, item).toEqual([]);
      expect(mappingsOf(decided as Element, 'inputParameters'), item).toEqual([
        { source: `=${resultVariables[item]}`, target: 'result' },
      ]);
    }
  });

  it('refuses the contribution declaration when pension enrollment was chosen and rejected', () => {
    // given
    const records = tasksOfItem('contribution-declaration').filter(
      (t) => jobTypeOf(t) === jobTypes.recordOutcome && t.id.endsWith('PrerequisiteRejected'),
    );

    // then: the refusal is built in the model and lands in the item's own result variable
    expect(records).toHaveLength(1);
    const [input] = mappingsOf(records[0] as Element, 'inputParameters');
    expect(input?.target).toBe('result');
    expect(input?.source).toContain('outcome: "rejected"');
    expect(input?.source).toContain(`${resultVariables['pension-enrollment']}.reason`);
    expect(mappingsOf(records[0] as Element, 'outputParameters')).toEqual([
      { source: '=result', target: resultVariables['contribution-declaration'] },
    ]);
  });

  it('skips items not chosen: one condition per item on the chosen items', () => {
    // when
    const conditions = model.flowElements
      .map((element) => (element.conditionExpression as Element | undefined)?.body)
      .filter((body): body is string => typeof body === 'string');

    // then
    for (const item of itemCodes) {
      expect(
        conditions.filter((c) => c === `=list contains(items, "${item}")`),
        item,
      ).toHaveLength(1);
    }
  });

  it('defines the ITEM_REJECTED error once', () => {
    // when
    const errors = (model.definitions.rootElements as Element[]).filter(
      (element) => element.$type === 'bpmn:Error',
    );

    // then
    expect(errors.map((error) => error.errorCode)).toEqual([ITEM_REJECTED_ERROR]);
  });

  it('documents every department step with its department and acceptance condition', () => {
    // given
    const departmentSteps = model.flowElements.filter((element) =>
      (jobTypeOf(element) ?? '').endsWith('.submit'),
    );

    // when
    const undocumented = departmentSteps
      .filter((task) => {
        const text = documentationOf(task);
        const department = departments[headersOf(task).department as keyof typeof departments];
        return !text.includes(`部门：${department}`) || !text.includes('受理条件：');
      })
      .map((task) => task.id);

    // then
    expect(departmentSteps).toHaveLength(8);
    expect(undocumented).toEqual([]);
  });

  it('maps no personal data into variables', () => {
    // given
    const personal = /idNumber|phone|mobile|address|photo|applicantName|birthDate/i;

    // when
    const leaks = model.flowElements.flatMap((element) =>
      [...mappingsOf(element, 'inputParameters'), ...mappingsOf(element, 'outputParameters')]
        .filter((mapping) => personal.test(mapping.source) || personal.test(mapping.target))
        .map((mapping) => `${element.id}: ${mapping.target}`),
    );

    // then
    expect(leaks).toEqual([]);
  });
});

// helpers ///////////////////////////////////////////////////////////////////////////

function jobProblems(task: Element): string[] {
  const problems: string[] = [];
  const retries = Number(extension(task, 'zeebe:TaskDefinition')?.retries);
  const headers = headersOf(task);
  const performers = [...Object.keys(departments), PLATFORM_DEPARTMENT];
  const item = itemOf(task);
  if (!(retries > 0)) problems.push(`${task.id}: retries ${retries}`);
  if (!performers.includes(headers.department ?? '')) problems.push(`${task.id}: department`);
  if (item && headers.item !== item) problems.push(`${task.id}: item ${headers.item}`);
  if (headers.item && !itemCodes.includes(headers.item as ItemCode)) {
    problems.push(`${task.id}: unknown item ${headers.item}`);
  }
  return problems;
}

/** The item whose sub-process holds `element`, if any. */
function itemOf(element: Element): ItemCode | undefined {
  for (let parent = element.$parent; parent; parent = parent.$parent) {
    if (parent.$type !== 'bpmn:SubProcess') continue;
    return itemCodes.find((item) => items[item].name === parent.name);
  }
  return undefined;
}

function tasksOfItem(item: ItemCode): Element[] {
  return model.flowElements.filter((element) => itemOf(element) === item);
}

function submitJobTypesOf(item: ItemCode): string[] {
  return item === 'contribution-declaration'
    ? [items[item].submitJobType, jobTypes.qingdaoContributionDeclaration]
    : [items[item].submitJobType];
}

function boundariesOf(task: Element): Element[] {
  return model.flowElements.filter(
    (element) => element.$type === 'bpmn:BoundaryEvent' && element.attachedToRef === task,
  );
}

function errorCodeOf(boundary: Element | undefined): unknown {
  const definition = ((boundary?.eventDefinitions ?? []) as Element[])[0];
  return (definition?.errorRef as Element | undefined)?.errorCode;
}

function outgoingTargets(node: Element): Element[] {
  return ((node.outgoing ?? []) as Element[]).map((flow) => flow.targetRef as Element);
}

function documentationOf(element: Element): string {
  return ((element.documentation ?? []) as Element[]).map((doc) => String(doc.text)).join('\n');
}
