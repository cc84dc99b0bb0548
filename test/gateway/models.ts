/**
 * The smallest BPMN models the gateway suites need, with Zeebe extensions. Process ids and
 * job types are parameters so each test uses its own, and suites never take each other's
 * jobs even on a shared Zeebe cluster.
 */
import { randomUUID } from 'node:crypto';

/** A name no other test uses, e.g. `order-3f9c1a2b`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** start → one service task per job type, in order → end. */
export function serviceTasksInSequence(processId: string, jobTypes: string[], retries = 3): string {
  const tasks = jobTypes.map((type, index) => serviceTask(`Task_${index + 1}`, type, retries));
  const ids = ['Start', ...jobTypes.map((_, index) => `Task_${index + 1}`), 'End'];
  return definitions(
    process(processId, [
      '<bpmn:startEvent id="Start" />',
      ...tasks,
      '<bpmn:endEvent id="End" />',
      ...flows(ids),
    ]),
  );
}

/**
 * start → `workType` → end, with an error boundary event on the task catching `errorCode`
 * → `handleType` → end.
 */
export function errorCaughtByBoundary(
  processId: string,
  { workType, handleType, errorCode }: { workType: string; handleType: string; errorCode: string },
): string {
  return definitions(
    process(processId, [
      '<bpmn:startEvent id="Start" />',
      serviceTask('Work', workType),
      '<bpmn:endEvent id="Done" />',
      `<bpmn:boundaryEvent id="Caught" attachedToRef="Work">
        <bpmn:errorEventDefinition errorRef="Error_Rejected" />
      </bpmn:boundaryEvent>`,
      serviceTask('Handle', handleType),
      '<bpmn:endEvent id="Handled" />',
      ...flows(['Start', 'Work', 'Done']),
      ...flows(['Caught', 'Handle', 'Handled'], 'Flow_Caught'),
    ]),
    `<bpmn:error id="Error_Rejected" name="Rejected" errorCode="${errorCode}" />`,
  );
}

/**
 * start → `prepareType` → wait for message `messageName` correlated by the variable
 * `orderId` → end.
 */
export function messageAfterTask(
  processId: string,
  { prepareType, messageName }: { prepareType: string; messageName: string },
): string {
  return definitions(
    process(processId, [
      '<bpmn:startEvent id="Start" />',
      serviceTask('Prepare', prepareType),
      `<bpmn:intermediateCatchEvent id="Approval">
        <bpmn:messageEventDefinition messageRef="Message_Approval" />
      </bpmn:intermediateCatchEvent>`,
      '<bpmn:endEvent id="End" />',
      ...flows(['Start', 'Prepare', 'Approval', 'End']),
    ]),
    `<bpmn:message id="Message_Approval" name="${messageName}">
      <bpmn:extensionElements>
        <zeebe:subscription correlationKey="=orderId" />
      </bpmn:extensionElements>
    </bpmn:message>`,
  );
}

// helpers ////////////////////

function definitions(processXml: string, ...rootElements: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  ${processXml}
  ${rootElements.join('\n  ')}
</bpmn:definitions>
`;
}

function process(processId: string, elements: string[]): string {
  return `<bpmn:process id="${processId}" isExecutable="true">
    ${elements.join('\n    ')}
  </bpmn:process>`;
}

function serviceTask(id: string, type: string, retries = 3): string {
  return `<bpmn:serviceTask id="${id}">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${type}" retries="${retries}" />
      </bpmn:extensionElements>
    </bpmn:serviceTask>`;
}

function flows(ids: string[], prefix = 'Flow'): string[] {
  return ids.slice(1).map((target, index) => {
    const source = ids[index];
    return `<bpmn:sequenceFlow id="${prefix}_${index + 1}" sourceRef="${source}" targetRef="${target}" />`;
  });
}
