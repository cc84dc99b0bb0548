/**
 * The benchmark's model: start → N service tasks in sequence → end, as Zeebe runs it (job
 * types in `zeebe:taskDefinition`) and as `bpmn-engine` runs it (each task's implementation
 * is a service function). Same elements and flows; only the task binding differs.
 */

export type ModelFlavour =
  { engine: 'zeebe'; jobType: (task: number) => string } | { engine: 'bpmn-engine' };

export function serviceTaskChain(processId: string, tasks: number, flavour: ModelFlavour): string {
  const ids = Array.from({ length: tasks }, (_, index) => `Task_${index + 1}`);
  const chain = ['Start', ...ids, 'End'];
  const elements = [
    '<bpmn:startEvent id="Start" />',
    ...ids.map((id, index) => serviceTask(id, index + 1, flavour)),
    '<bpmn:endEvent id="End" />',
    ...chain
      .slice(1)
      .map(
        (target, index) =>
          `<bpmn:sequenceFlow id="Flow_${index + 1}" sourceRef="${chain[index]}" targetRef="${target}" />`,
      ),
  ];

  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    ${elements.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>
`;
}

function serviceTask(id: string, task: number, flavour: ModelFlavour): string {
  if (flavour.engine === 'bpmn-engine') {
    return `<bpmn:serviceTask id="${id}" implementation="\${environment.services.work}" />`;
  }
  return `<bpmn:serviceTask id="${id}">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="${flavour.jobType(task)}" />
      </bpmn:extensionElements>
    </bpmn:serviceTask>`;
}
