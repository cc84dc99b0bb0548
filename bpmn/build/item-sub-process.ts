import {
  ITEM_REJECTED_ERROR,
  PLATFORM_DEPARTMENT,
  RESULT_MESSAGE,
  items,
  jobTypes,
  resultVariables,
} from '../process-contract.ts';
import {
  type Bounds,
  type Point,
  bottomOf,
  centerOf,
  centeredAt,
  labelAbove,
  labelBelow,
  labelSize,
  rightOf,
  shapeSize,
  sidePoint,
} from './diagram-geometry.ts';
import { templateRef } from './element-templates.ts';
import {
  type ItemStep,
  type SubmitStep,
  departmentName,
  departmentShortNames,
} from './item-steps.ts';
import type { FlowNodeSpec, ProcessGraphBuilder, SequenceFlowSpec } from './process-graph.ts';

/**
 * One item as an embedded sub-process, laid out left to right around its main row:
 *
 *   start → chosen? → [prerequisite rejected?] → [deadline] → [route] → submit → [merge]
 *     → await result → decided → record → end
 *
 * Above the row: the skip end (item not chosen) and the rejection path from the submit
 * task's `ITEM_REJECTED` boundary. Below it: the escalation from the non-interrupting
 * deadline timer, Qingdao's route with its own rejection path, and the refusal recorded when
 * a required prerequisite was rejected.
 */

/** Vertical reach of the sub-process from its main row, and its padding. */
const above = 150;
const belowPlain = 210;
const belowRouted = 280;
const padding = 40;
const gap = 50;
/** After the route gateway, room for the route's name. */
const routeGap = 80;

/** Distance of the rejection path above, and of the escalation below, the main row. */
const rejectionRow = 100;
const escalationRow = 140;
const qingdaoRejectionRow = 240;

/** The shared `bpmn:error` every submit task's boundary catches. */
export const ITEM_REJECTED_ERROR_ID = 'Error_ItemRejected';

export interface ItemPlacement {
  /** Left edge of the sub-process. */
  left: number;
  /** y of the main row. */
  row: number;
  /** Stretch the sub-process to this width (columns line up); at least its natural width. */
  width?: number;
}

/** Vertical extent above and below the main row, for stacking sub-processes. */
export function itemReach(step: ItemStep): { above: number; below: number } {
  return { above, below: step.submits.length > 1 ? belowRouted : belowPlain };
}

/** Adds the item's sub-process, its children, flows and message; returns the sub-process. */
export function addItemSubProcess(
  graph: ProcessGraphBuilder,
  step: ItemStep,
  placement: ItemPlacement,
): FlowNodeSpec {
  return new ItemSubProcessBuilder(graph, step, placement).build();
}

/** The natural width of the item's sub-process. */
export function itemWidth(step: ItemStep): number {
  const columns: number[] = [shapeSize.event.width, shapeSize.gateway.width];
  if (step.requires) columns.push(shapeSize.gateway.width);
  if (step.dispatch) columns.push(shapeSize.task.width);
  if (step.submits.length > 1) columns.push(shapeSize.gateway.width + routeGap - gap);
  columns.push(shapeSize.task.width);
  if (step.submits.length > 1) columns.push(shapeSize.gateway.width);
  const receiveAndEscalation = shapeSize.task.width + 150;
  columns.push(receiveAndEscalation, shapeSize.gateway.width, shapeSize.task.width);
  columns.push(shapeSize.event.width);
  return 2 * padding + columns.reduce((sum, width) => sum + width + gap, -gap);
}

class ItemSubProcessBuilder {
  readonly #graph: ProcessGraphBuilder;
  readonly #step: ItemStep;
  readonly #placement: ItemPlacement;
  readonly #id: string;
  #cursor: number;

  constructor(graph: ProcessGraphBuilder, step: ItemStep, placement: ItemPlacement) {
    this.#graph = graph;
    this.#step = step;
    this.#placement = placement;
    this.#id = `SubProcess_${step.idPart}`;
    this.#cursor = placement.left + padding;
  }

  build(): FlowNodeSpec {
    const subProcess = this.#addSubProcess();
    const start = this.#addStart();
    const chosen = this.#addChosenGateway(start);
    const approved = this.#step.requires ? this.#addPrerequisiteCheck(chosen) : chosen;
    const dispatched = this.#step.dispatch ? this.#addDeadline(approved, chosen) : approved;
    const submitted = this.#addSubmits(dispatched, chosen);
    const decided = this.#addAwaitAndDecision(submitted.node, submitted.rejections);
    this.#addRecordAndEnd(decided);
    this.#addSkip(chosen);
    return subProcess;
  }

  #addSubProcess(): FlowNodeSpec {
    const step = this.#step;
    const item = items[step.item];
    const department = departmentName(item.department);
    const reach = itemReach(step);
    const width = Math.max(itemWidth(step), this.#placement.width ?? 0);
    return this.#graph.addNode({
      id: this.#id,
      kind: 'subProcess',
      name: item.name,
      bounds: {
        x: this.#placement.left,
        y: this.#placement.row - reach.above,
        width,
        height: reach.above + reach.below,
      },
      documentation: [
        `${item.name}。部门：${department}。受理条件：${step.acceptance}。`,
        step.dispatch ? `办理顺序：${step.dispatch.order}` : '与其他事项并行办理，不依赖其他事项。',
        ...(step.requires
          ? [
              `${step.requires.name}已申请但被驳回时，不提交部门，本事项以驳回办结，理由为“` +
                `${step.requires.name}未通过（<其驳回理由>），${step.requires.consequence}”，` +
                `同样写入 ${resultVariables[step.item]} 并回写申请。`,
            ]
          : []),
        `申请人未选择本事项时直接结束；选择时提交部门、等待结果、到时限未答复则督办，结果写入 ` +
          `${resultVariables[step.item]} 并回写申请。`,
      ].join('\n'),
      inputs: step.dispatch
        ? [
            { source: '=deadline', target: 'deadline' },
            { source: '=deadlineEstimated', target: 'deadlineEstimated' },
          ]
        : undefined,
    });
  }

  #addStart(): FlowNodeSpec {
    const bounds = this.#nextOnRow(shapeSize.event);
    return this.#child({
      id: `Start_${this.#step.idPart}`,
      kind: 'startEvent',
      name: `开始办理${this.#step.shortName}`,
      bounds,
      label: labelBelow(bounds, `开始办理${this.#step.shortName}`),
    });
  }

  #addChosenGateway(start: FlowNodeSpec): FlowNodeSpec {
    const name = `是否申请${this.#step.shortName}？`;
    const bounds = this.#nextOnRow(shapeSize.gateway);
    const gateway = this.#child({
      id: `Gateway_${this.#step.idPart}Chosen`,
      kind: 'exclusiveGateway',
      name,
      bounds,
      label: labelBelow(bounds, name),
      defaultFlowId: `Flow_${this.#step.idPart}NotChosen`,
    });
    this.#straight(`Flow_${this.#step.idPart}Started`, start, gateway);
    return gateway;
  }

  /**
   * Where the item needs a prerequisite: the gateway that refuses the item when the
   * prerequisite was chosen and rejected, recording the refusal below the main row.
   */
  #addPrerequisiteCheck(chosen: FlowNodeSpec): FlowNodeSpec {
    const step = this.#step;
    const requires = step.requires;
    if (!requires) throw new Error(`item <${step.item}> has no prerequisite`);
    const prerequisiteResult = resultVariables[requires.item];
    const name = `${requires.name}被驳回？`;
    const bounds = this.#nextOnRow(shapeSize.gateway);
    const gateway = this.#child({
      id: `Gateway_${step.idPart}PrerequisiteRejected`,
      kind: 'exclusiveGateway',
      name,
      bounds,
      label: labelAbove(bounds, name),
      defaultFlowId: `Flow_${step.idPart}PrerequisiteApproved`,
    });
    this.#chosenFlow(chosen, gateway);

    const reason =
      `"${requires.name}未通过（" + ${prerequisiteResult}.reason + ` +
      `"），${requires.consequence}"`;
    const record = this.#child({
      id: `Task_Record${step.idPart}PrerequisiteRejected`,
      kind: 'serviceTask',
      name: `回写${step.shortName}驳回`,
      bounds: centeredAt(
        { x: centerOf(bounds).x, y: this.#placement.row + escalationRow },
        shapeSize.task,
      ),
      documentation:
        `平台步骤：${requires.name}已申请但被驳回（${prerequisiteResult}.outcome = "rejected"），` +
        `本事项不提交部门。输入映射生成 result（ItemResult：驳回，理由“${requires.name}未通过` +
        `（<其驳回理由>），${requires.consequence}”，decidedAt 为当前时间），作业 ` +
        `${jobTypes.recordOutcome} 回写申请；输出映射写入 ${resultVariables[step.item]}，供通知使用。`,
      job: {
        type: jobTypes.recordOutcome,
        retries: 5,
        headers: { item: step.item, department: PLATFORM_DEPARTMENT },
      },
      inputs: [
        {
          source:
            `={item: "${step.item}", outcome: "rejected", reason: ${reason}, ` +
            `decidedAt: string(now())}`,
          target: 'result',
        },
      ],
      outputs: [{ source: '=result', target: resultVariables[step.item] }],
    });
    const rejected = this.#flow(`Flow_${step.idPart}PrerequisiteRejected`, gateway, record, [
      sidePoint(bounds, 'bottom'),
      sidePoint(record.bounds, 'top'),
    ]);
    rejected.name = '已驳回';
    rejected.condition =
      `=list contains(items, "${requires.item}") and ` +
      `${prerequisiteResult}.outcome = "rejected"`;
    rejected.label = {
      x: centerOf(bounds).x + 6,
      y: this.#placement.row + 40,
      ...labelSize('已驳回'),
    };

    const endName = `${step.shortName}已驳回`;
    const endBounds = centeredAt(
      {
        x: rightOf(record.bounds) + gap + shapeSize.event.width / 2,
        y: centerOf(record.bounds).y,
      },
      shapeSize.event,
    );
    const end = this.#child({
      id: `End_${step.idPart}PrerequisiteRejected`,
      kind: 'endEvent',
      name: endName,
      bounds: endBounds,
      label: labelBelow(endBounds, endName),
    });
    this.#straight(`Flow_${step.idPart}RefusalRecorded`, record, end);
    return gateway;
  }

  #addDeadline(previous: FlowNodeSpec, chosen: FlowNodeSpec): FlowNodeSpec {
    const step = this.#step;
    const task = this.#child({
      id: `Task_Compute${step.idPart}Deadline`,
      kind: 'serviceTask',
      name: `计算${step.shortName}办理时限`,
      bounds: this.#nextOnRow(shapeSize.task),
      documentation:
        `平台步骤：${step.shortName}晚于前置事项送达部门，办理时限从前置事项办结时起算` +
        `（receivedAt 取最晚的前置事项结果时间），覆盖本事项内的 deadline。`,
      job: {
        type: jobTypes.deadline,
        retries: 3,
        headers: { item: step.item, department: PLATFORM_DEPARTMENT },
      },
      inputs: [{ source: step.dispatch?.receivedAt ?? '=receivedAt', target: 'receivedAt' }],
      outputs: [
        { source: '=deadline', target: 'deadline' },
        { source: '=deadlineEstimated', target: 'deadlineEstimated' },
      ],
    });
    this.#link(previous, task, chosen);
    return task;
  }

  /** The submit task(s); returns the node the await step follows and the rejection boundaries. */
  #addSubmits(
    previous: FlowNodeSpec,
    chosen: FlowNodeSpec,
  ): { node: FlowNodeSpec; rejections: FlowNodeSpec[] } {
    const [main, routed] = this.#step.submits;
    if (!routed) {
      const task = this.#addSubmitTask(main, this.#nextOnRow(shapeSize.task));
      this.#link(previous, task, chosen);
      return { node: task, rejections: [this.#addRejection(main, task, 'top')] };
    }

    const idPart = this.#step.idPart;
    const routeBounds = this.#nextOnRow(shapeSize.gateway);
    this.#cursor += routeGap - gap;
    const route = this.#child({
      id: `Gateway_${idPart}Route`,
      kind: 'exclusiveGateway',
      name: '按税务部门分派',
      bounds: routeBounds,
      label: labelAbove(routeBounds, '按税务部门分派'),
      defaultFlowId: `Flow_${main.idPart}Routed`,
    });
    this.#link(previous, route, chosen);

    const mainBounds = this.#nextOnRow(shapeSize.task);
    const mainTask = this.#addSubmitTask(main, mainBounds);
    const routedTask = this.#addSubmitTask(routed, {
      ...mainBounds,
      y: this.#placement.row + escalationRow - shapeSize.task.height / 2,
    });
    const mergeBounds = this.#nextOnRow(shapeSize.gateway);
    const merge = this.#child({
      id: `Gateway_${idPart}Submitted`,
      kind: 'exclusiveGateway',
      name: '已提交',
      bounds: mergeBounds,
      label: labelAbove(mergeBounds, '已提交'),
    });

    const mainFlow = this.#straight(`Flow_${main.idPart}Routed`, route, mainTask);
    mainFlow.name = main.routeName;
    mainFlow.label = labelAboveSegment(mainFlow.waypoints, main.routeName ?? '');
    this.#routeDown(`Flow_${routed.idPart}Routed`, route, routedTask, routed);
    this.#straight(`Flow_Submit${main.idPart}Completed`, mainTask, merge);
    this.#routeUp(`Flow_Submit${routed.idPart}Completed`, routedTask, merge);

    return {
      node: merge,
      rejections: [
        this.#addRejection(main, mainTask, 'top'),
        this.#addRejection(routed, routedTask, 'bottom'),
      ],
    };
  }

  #addSubmitTask(submit: SubmitStep, bounds: Bounds): FlowNodeSpec {
    const step = this.#step;
    const department = departmentShortNames[submit.department];
    return this.#child({
      id: `Task_Submit${submit.idPart}`,
      kind: 'serviceTask',
      name: `向${department}提交${step.shortName}`,
      bounds,
      documentation:
        `部门：${departmentName(submit.department)}。受理条件：${step.acceptance}。` +
        `作业 ${submit.jobType} 把申请交给部门系统；部门当即不予受理时抛出 BPMN 错误 ` +
        `${ITEM_REJECTED_ERROR}（变量 result，含驳回理由），本事项以驳回办结，其他事项照常办理。`,
      job: {
        type: submit.jobType,
        retries: 5,
        headers: { item: step.item, department: submit.department },
        template: templateRef(submit.jobType),
      },
    });
  }

  /** The `ITEM_REJECTED` boundary on `task`, on its top or bottom edge. */
  #addRejection(submit: SubmitStep, task: FlowNodeSpec, edge: 'top' | 'bottom'): FlowNodeSpec {
    const name = `${departmentShortNames[submit.department]}不予受理`;
    const center = {
      x: task.bounds.x + 70,
      y: edge === 'top' ? task.bounds.y : bottomOf(task.bounds),
    };
    const bounds = centeredAt(center, shapeSize.event);
    const size = labelSize(name);
    const label =
      edge === 'top'
        ? { x: center.x + 22, y: center.y - 24 - size.height, ...size }
        : { x: center.x + 24, y: center.y + 20, ...size };
    return this.#child({
      id: `Boundary_${submit.idPart}Rejected`,
      kind: 'boundaryEvent',
      name,
      bounds,
      label,
      boundary: { kind: 'error', errorRef: ITEM_REJECTED_ERROR_ID, attachedTo: task.id },
      outputs: [{ source: '=result', target: resultVariables[this.#step.item] }],
    });
  }

  /** The receive task with its deadline timer and escalation, and the decision merge. */
  #addAwaitAndDecision(submitted: FlowNodeSpec, rejections: FlowNodeSpec[]): FlowNodeSpec {
    const step = this.#step;
    const item = items[step.item];
    const department = departmentShortNames[item.department];
    const deciding =
      step.submits.length > 1
        ? `${step.submits.map((submit) => departmentName(submit.department)).join('或')}` +
          `（按 taxDepartment）`
        : departmentName(item.department);
    const messageId = `Message_${step.idPart}Result`;
    this.#graph.addMessage({
      id: messageId,
      name: RESULT_MESSAGE,
      correlationKey: `=applicationId + ":${step.item}"`,
    });

    const awaitBounds = this.#nextOnRow(shapeSize.task);
    const awaitTask = this.#child({
      id: `Task_Await${step.idPart}Result`,
      kind: 'receiveTask',
      name: `等待${step.shortName}办理结果`,
      bounds: awaitBounds,
      documentation:
        `部门：${deciding}。等待消息 ${RESULT_MESSAGE}，关联键 applicationId + ":${step.item}"，` +
        `变量 result（ItemResult），写入 ${resultVariables[step.item]}。到办理时限` +
        `（deadline）仍未答复时督办，事项继续等待结果。`,
      messageRef: messageId,
      outputs: [{ source: '=result', target: resultVariables[step.item] }],
    });
    this.#straight(`Flow_${step.idPart}Submitted`, submitted, awaitTask);
    this.#addEscalation(awaitTask, department);

    this.#cursor += 150 - gap;
    const decidedBounds = this.#nextOnRow(shapeSize.gateway);
    const decided = this.#child({
      id: `Gateway_${step.idPart}Decided`,
      kind: 'exclusiveGateway',
      name: '已有办理结果',
      bounds: decidedBounds,
      label: labelBelowLeft(decidedBounds, '已有办理结果'),
    });
    this.#straight(`Flow_${step.idPart}ResultReceived`, awaitTask, decided);
    for (const rejection of rejections) this.#rejectionFlow(rejection, decided);
    return decided;
  }

  #addEscalation(awaitTask: FlowNodeSpec, department: string): void {
    const step = this.#step;
    const timerCenter = { x: awaitTask.bounds.x + 70, y: bottomOf(awaitTask.bounds) };
    const timerName = '已到办理时限';
    const timerLabelSize = labelSize(timerName);
    const timer = this.#child({
      id: `Boundary_${step.idPart}DeadlineReached`,
      kind: 'boundaryEvent',
      name: timerName,
      bounds: centeredAt(timerCenter, shapeSize.event),
      label: {
        x: timerCenter.x - 24 - timerLabelSize.width,
        y: timerCenter.y + 22,
        ...timerLabelSize,
      },
      boundary: {
        kind: 'timer',
        timeDate: '=deadline',
        attachedTo: awaitTask.id,
        cancelActivity: false,
      },
    });
    const escalate = this.#child({
      id: `Task_Escalate${step.idPart}`,
      kind: 'serviceTask',
      name: `督办${step.shortName}`,
      bounds: centeredAt(
        { x: timerCenter.x, y: this.#placement.row + escalationRow },
        shapeSize.task,
      ),
      documentation:
        `平台步骤：${department}在办理时限（deadline）内未答复，作业 ${jobTypes.escalate} ` +
        `向部门督办；计时器不中断等待，部门之后的答复照常办结本事项。`,
      job: {
        type: jobTypes.escalate,
        retries: 3,
        headers: { item: step.item, department: PLATFORM_DEPARTMENT },
      },
    });
    const endBounds = centeredAt(
      {
        x: rightOf(escalate.bounds) + gap + shapeSize.event.width / 2,
        y: centerOf(escalate.bounds).y,
      },
      shapeSize.event,
    );
    const end = this.#child({
      id: `End_${step.idPart}Escalated`,
      kind: 'endEvent',
      name: '已督办',
      bounds: endBounds,
      label: labelBelow(endBounds, '已督办'),
    });
    this.#flow(`Flow_${step.idPart}DeadlineReached`, timer, escalate, [
      sidePoint(timer.bounds, 'bottom'),
      sidePoint(escalate.bounds, 'top'),
    ]);
    this.#straight(`Flow_${step.idPart}Escalated`, escalate, end);
  }

  #addRecordAndEnd(decided: FlowNodeSpec): void {
    const step = this.#step;
    const record = this.#child({
      id: `Task_Record${step.idPart}Outcome`,
      kind: 'serviceTask',
      name: `回写${step.shortName}结果`,
      bounds: this.#nextOnRow(shapeSize.task),
      documentation:
        `平台步骤：作业 ${jobTypes.recordOutcome} 把本事项的结果（${resultVariables[step.item]}，` +
        `作为 result 传入；通过或驳回及理由）回写申请。`,
      job: {
        type: jobTypes.recordOutcome,
        retries: 5,
        headers: { item: step.item, department: PLATFORM_DEPARTMENT },
      },
      inputs: [{ source: `=${resultVariables[step.item]}`, target: 'result' }],
    });
    this.#straight(`Flow_${step.idPart}Decided`, decided, record);

    const subProcess = this.#graph.node(this.#id);
    const name = `${step.shortName}已办结`;
    const endCenter = {
      x: rightOf(subProcess.bounds) - padding - shapeSize.event.width / 2,
      y: this.#placement.row,
    };
    const endBounds = centeredAt(endCenter, shapeSize.event);
    const end = this.#child({
      id: `End_${step.idPart}Recorded`,
      kind: 'endEvent',
      name,
      bounds: endBounds,
      label: labelBelow(endBounds, name),
    });
    this.#straight(`Flow_${step.idPart}Recorded`, record, end);
  }

  #addSkip(chosen: FlowNodeSpec): void {
    const step = this.#step;
    const name = `未申请${step.shortName}`;
    const center = { x: centerOf(chosen.bounds).x, y: this.#placement.row - rejectionRow };
    const bounds = centeredAt(center, shapeSize.event);
    const size = labelSize(name);
    const end = this.#child({
      id: `End_${step.idPart}Skipped`,
      kind: 'endEvent',
      name,
      bounds,
      label: { x: center.x + 24, y: center.y - size.height / 2, ...size },
    });
    const flow = this.#flow(`Flow_${step.idPart}NotChosen`, chosen, end, [
      sidePoint(chosen.bounds, 'top'),
      sidePoint(bounds, 'bottom'),
    ]);
    flow.name = '未申请';
    const flowLabel = labelSize('未申请');
    flow.label = { x: center.x + 8, y: this.#placement.row - 60, ...flowLabel };
  }

  // layout and flow helpers /////////////////////////////////////////////////////////

  /** Bounds for the next shape on the main row, advancing the cursor. */
  #nextOnRow(size: { width: number; height: number }): Bounds {
    const bounds = { x: this.#cursor, y: this.#placement.row - size.height / 2, ...size };
    this.#cursor += size.width + gap;
    return bounds;
  }

  #child(node: Omit<FlowNodeSpec, 'parentId'>): FlowNodeSpec {
    return this.#graph.addNode({ ...node, parentId: this.#id });
  }

  /** A flow from `previous`; the first after the chosen gateway carries the condition. */
  #link(previous: FlowNodeSpec, next: FlowNodeSpec, chosen: FlowNodeSpec): void {
    const idPart = this.#step.idPart;
    if (previous === chosen) this.#chosenFlow(chosen, next);
    else if (previous.kind === 'exclusiveGateway') {
      this.#straight(`Flow_${idPart}PrerequisiteApproved`, previous, next);
    } else this.#straight(`Flow_${idPart}DeadlineComputed`, previous, next);
  }

  #chosenFlow(chosen: FlowNodeSpec, next: FlowNodeSpec): void {
    const flow = this.#straight(`Flow_${this.#step.idPart}Chosen`, chosen, next);
    flow.name = '已申请';
    flow.condition = `=list contains(items, "${this.#step.item}")`;
    flow.label = labelAboveSegment(flow.waypoints, '已申请');
  }

  #straight(id: string, source: FlowNodeSpec, target: FlowNodeSpec): SequenceFlowSpec {
    return this.#flow(id, source, target, [
      sidePoint(source.bounds, 'right'),
      sidePoint(target.bounds, 'left'),
    ]);
  }

  /** From a gateway's bottom down to the row of `target`, then right into it. */
  #routeDown(id: string, gateway: FlowNodeSpec, target: FlowNodeSpec, submit: SubmitStep): void {
    const start = sidePoint(gateway.bounds, 'bottom');
    const end = sidePoint(target.bounds, 'left');
    const flow = this.#flow(id, gateway, target, [start, { x: start.x, y: end.y }, end]);
    flow.name = submit.routeName;
    flow.condition = submit.condition;
    const size = labelSize(submit.routeName ?? '');
    flow.label = { x: start.x + 6, y: start.y + 12, ...size };
  }

  /** From `source`'s right side across to below a gateway, then up into it. */
  #routeUp(id: string, source: FlowNodeSpec, gateway: FlowNodeSpec): void {
    const start = sidePoint(source.bounds, 'right');
    const end = sidePoint(gateway.bounds, 'bottom');
    this.#flow(id, source, gateway, [start, { x: end.x, y: start.y }, end]);
  }

  /** From a rejection boundary along its side of the row into the decision gateway. */
  #rejectionFlow(rejection: FlowNodeSpec, decided: FlowNodeSpec): void {
    const upward = rejection.bounds.y < this.#placement.row;
    const start = sidePoint(rejection.bounds, upward ? 'top' : 'bottom');
    const end = sidePoint(decided.bounds, upward ? 'top' : 'bottom');
    const y = this.#placement.row + (upward ? -rejectionRow : qingdaoRejectionRow);
    this.#flow(`Flow_${rejection.id.replace('Boundary_', '')}`, rejection, decided, [
      start,
      { x: start.x, y },
      { x: end.x, y },
      end,
    ]);
  }

  #flow(id: string, source: FlowNodeSpec, target: FlowNodeSpec, waypoints: Point[]) {
    return this.#graph.addFlow({ id, sourceId: source.id, targetId: target.id, waypoints });
  }
}

// label helpers ///////////////////////////////////////////////////////////////////

function labelBelowLeft(bounds: Bounds, text: string): Bounds {
  const size = labelSize(text);
  return { x: centerOf(bounds).x - 8 - size.width, y: bottomOf(bounds) + 4, ...size };
}

/** Above the middle of a flow's first segment. */
function labelAboveSegment(waypoints: Point[], text: string): Bounds {
  const [from, to] = waypoints as [Point, Point];
  const size = labelSize(text);
  return { x: (from.x + to.x) / 2 - size.width / 2, y: from.y - 6 - size.height, ...size };
}
