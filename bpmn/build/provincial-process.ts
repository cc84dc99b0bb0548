import {
  ITEM_REJECTED_ERROR,
  PLATFORM_DEPARTMENT,
  PROCESS_ID,
  jobTypes,
  resultVariables,
  type ItemCode,
} from '../process-contract.ts';
import {
  type Bounds,
  type Point,
  centerOf,
  diamondEdgePoint,
  labelAbove,
  labelBelow,
  labelSize,
  rightOf,
  shapeSize,
  sidePoint,
} from './diagram-geometry.ts';
import { templateRef } from './element-templates.ts';
import {
  ITEM_REJECTED_ERROR_ID,
  addItemSubProcess,
  itemReach,
  itemWidth,
} from './item-sub-process.ts';
import { type ItemStep, itemSteps } from './item-steps.ts';
import { type FlowNodeSpec, type ProcessGraph, ProcessGraphBuilder } from './process-graph.ts';

/**
 * The provincial process `flexible-employment-insurance` with its diagram.
 *
 * Items run in parallel where the service guide allows and in order where it does not:
 *
 *   row A  pension enrollment ─→ ◇ ─→ social security card
 *   row B  medical enrollment ─→ ◇ ─→ contribution declaration   (◇ above feeds ◇ here)
 *   row C  archive transfer
 *   row D  employment registration
 *   row E  housing fund account
 *
 * The start, the deadline and the dispatching fork sit on row C, left of the items; the
 * join, the notification and the card mailing on row C, right of them.
 */
export function buildProvincialProcess(): ProcessGraph {
  const graph = new ProcessGraphBuilder();
  graph.addError({
    id: ITEM_REJECTED_ERROR_ID,
    name: '部门不予受理',
    errorCode: ITEM_REJECTED_ERROR,
  });

  const rows = stackRows();
  const rowC = rows.get('archive-transfer') as number;
  const intake = addIntake(graph, rowC);

  const col1Left = rightOf(intake.dispatch.bounds) + 70;
  const col1 = firstColumn();
  const col1Width = Math.max(...col1.map(itemWidth));
  const col1Right = col1Left + col1Width;
  const subProcesses = new Map<ItemCode, FlowNodeSpec>();
  for (const step of col1) {
    const placement = { left: col1Left, row: rowOf(rows, step.item), width: col1Width };
    subProcesses.set(step.item, addItemSubProcess(graph, step, placement));
  }

  const col2Left = col1Right + 150;
  const col2 = secondColumn();
  const col2Width = Math.max(...col2.map(itemWidth));
  for (const step of col2) {
    const placement = { left: col2Left, row: rowOf(rows, step.item), width: col2Width };
    subProcesses.set(step.item, addItemSubProcess(graph, step, placement));
  }

  addDispatch(graph, intake.dispatch, subProcesses, col1);
  addOrdering(graph, subProcesses, col1Right + 50);
  const allDone = addJoin(graph, subProcesses, col2Left + col2Width + 70, rowC);
  addResults(graph, allDone, rowC);

  return {
    processId: PROCESS_ID,
    processName: '灵活就业参保“一件事”联办',
    documentation: processDocumentation,
    nodes: graph.nodes,
    flows: graph.flows,
    messages: graph.messages,
    errors: graph.errors,
  };
}

const processDocumentation = [
  '山东省灵活就业人员参保“一件事”：一表申请，七个事项由各部门并联办理。',
  '流程变量只有申请编号、城市、所选事项和分派信息（applicationId、city、items、taxDepartment、' +
    'mailCard、receivedAt），不含身份证号、手机号、地址等个人信息；工作者按申请编号向受理服务读取申请。',
  '受理后计算办理时限（一个工作日），按办理顺序分派：参保登记先于社保卡申领和社保费申报，' +
    '医保参保登记先于社保费申报，档案转递、就业登记和公积金开户不依赖其他事项。未申请的事项跳过。' +
    '参保登记已申请但被驳回的，社保费申报不提交税务部门，以驳回及理由办结。',
  '每个事项提交部门后等待部门的办理结果（消息 department-result，关联键 applicationId + ":" + 事项），' +
    '到时限未答复则督办但继续等待；部门不予受理的事项以驳回及理由办结，其他事项照常办理。' +
    '所有已申请事项都有结果后通知申请人，社保卡通过且申请邮寄的寄送社保卡。',
].join('\n');

// rows and columns ////////////////////////////////////////////////////////////////

const topMargin = 60;
const rowGap = 40;

/** The items of the first column, top to bottom (rows A to E). */
function firstColumn(): ItemStep[] {
  return [
    'pension-enrollment',
    'medical-enrollment',
    'archive-transfer',
    'employment-registration',
    'housing-fund-account',
  ].map(stepOf);
}

/** The items that wait for others, beside their prerequisites (rows A and B). */
function secondColumn(): ItemStep[] {
  return ['social-security-card', 'contribution-declaration'].map(stepOf);
}

/** The main-row y of every item: rows stacked top to bottom, each as tall as its tallest item. */
function stackRows(): Map<ItemCode, number> {
  const beside: Partial<Record<ItemCode, ItemCode>> = {
    'pension-enrollment': 'social-security-card',
    'medical-enrollment': 'contribution-declaration',
  };
  const rows = new Map<ItemCode, number>();
  let top = topMargin;
  for (const step of firstColumn()) {
    const partner = beside[step.item];
    const reaches = [itemReach(step), ...(partner ? [itemReach(stepOf(partner))] : [])];
    const above = Math.max(...reaches.map((reach) => reach.above));
    const below = Math.max(...reaches.map((reach) => reach.below));
    rows.set(step.item, top + above);
    if (partner) rows.set(partner, top + above);
    top += above + below + rowGap;
  }
  return rows;
}

function rowOf(rows: Map<ItemCode, number>, item: ItemCode): number {
  const row = rows.get(item);
  if (row === undefined) throw new Error(`no row for item <${item}>`);
  return row;
}

function stepOf(item: string): ItemStep {
  const step = itemSteps.find((candidate) => candidate.item === item);
  if (!step) throw new Error(`no item step <${item}>`);
  return step;
}

// intake and dispatch /////////////////////////////////////////////////////////////

function addIntake(graph: ProcessGraphBuilder, row: number): { dispatch: FlowNodeSpec } {
  const startBounds = onRow(120, row, shapeSize.event);
  const start = graph.addNode({
    id: 'Start_ApplicationReceived',
    kind: 'startEvent',
    name: '申请已受理',
    bounds: startBounds,
    label: labelBelow(startBounds, '申请已受理'),
    documentation: '受理服务校验申请表、保存申请后启动实例，变量见 StartVariables。',
  });
  const deadline = graph.addNode({
    id: 'Task_ComputeDeadline',
    kind: 'serviceTask',
    name: '计算办理时限',
    bounds: onRow(rightOf(startBounds) + 50, row, shapeSize.task),
    documentation:
      `平台步骤：作业 ${jobTypes.deadline} 按国家法定节假日和调休安排计算受理（receivedAt）后` +
      `一个工作日的截止时间（北京时间），写入 deadline（带时区的 ISO 8601 时间）。`,
    job: { type: jobTypes.deadline, retries: 3, headers: { department: PLATFORM_DEPARTMENT } },
    outputs: [
      { source: '=deadline', target: 'deadline' },
      { source: '=deadlineEstimated', target: 'deadlineEstimated' },
    ],
  });
  const dispatchBounds = onRow(rightOf(deadline.bounds) + 50, row, shapeSize.gateway);
  const dispatchLabel = labelSize('分派各事项');
  const dispatch = graph.addNode({
    id: 'Gateway_DispatchItems',
    kind: 'parallelGateway',
    name: '分派各事项',
    bounds: dispatchBounds,
    label: {
      x: centerOf(dispatchBounds).x - 6 - dispatchLabel.width,
      y: row - 60,
      ...dispatchLabel,
    },
  });
  straight(graph, 'Flow_ApplicationReceived', start, deadline);
  straight(graph, 'Flow_DeadlineComputed', deadline, dispatch);
  return { dispatch };
}

/** The fork to every first-column item: two up, one across, two down, each from its own point. */
function addDispatch(
  graph: ProcessGraphBuilder,
  dispatch: FlowNodeSpec,
  subProcesses: Map<ItemCode, FlowNodeSpec>,
  col1: ItemStep[],
): void {
  const exits: Point[] = [
    sidePoint(dispatch.bounds, 'top'),
    diamondEdgePoint(dispatch.bounds, 'upper-right'),
    sidePoint(dispatch.bounds, 'right'),
    diamondEdgePoint(dispatch.bounds, 'lower-right'),
    sidePoint(dispatch.bounds, 'bottom'),
  ];
  col1.forEach((step, index) => {
    const target = subProcessOf(subProcesses, step.item);
    const exit = exits[index] as Point;
    const entry = { x: target.bounds.x, y: mainRowOf(graph, step) };
    const waypoints = exit.y === entry.y ? [exit, entry] : [exit, { x: exit.x, y: entry.y }, entry];
    graph.addFlow({
      id: `Flow_Dispatch${step.idPart}`,
      sourceId: dispatch.id,
      targetId: target.id,
      waypoints,
    });
  });
}

/** Pension enrollment before the card and the declaration; medical before the declaration. */
function addOrdering(
  graph: ProcessGraphBuilder,
  subProcesses: Map<ItemCode, FlowNodeSpec>,
  x: number,
): void {
  const pension = subProcessOf(subProcesses, 'pension-enrollment');
  const medical = subProcessOf(subProcesses, 'medical-enrollment');
  const card = subProcessOf(subProcesses, 'social-security-card');
  const declaration = subProcessOf(subProcesses, 'contribution-declaration');
  const rowA = mainRowOf(graph, stepOf('pension-enrollment'));
  const rowB = mainRowOf(graph, stepOf('medical-enrollment'));

  const pensionDoneBounds = onRow(x, rowA, shapeSize.gateway);
  const pensionDone = graph.addNode({
    id: 'Gateway_PensionEnrollmentDone',
    kind: 'parallelGateway',
    name: '参保登记已办结',
    bounds: pensionDoneBounds,
    label: labelAbove(pensionDoneBounds, '参保登记已办结'),
  });
  const prerequisitesBounds = onRow(x, rowB, shapeSize.gateway);
  const prerequisites = graph.addNode({
    id: 'Gateway_DeclarationPrerequisitesDone',
    kind: 'parallelGateway',
    name: '前置事项均已办结',
    bounds: prerequisitesBounds,
    label: labelBelow(prerequisitesBounds, '前置事项均已办结'),
  });

  graph.addFlow({
    id: 'Flow_PensionEnrollmentDone',
    sourceId: pension.id,
    targetId: pensionDone.id,
    waypoints: [{ x: rightOf(pension.bounds), y: rowA }, sidePoint(pensionDoneBounds, 'left')],
  });
  graph.addFlow({
    id: 'Flow_DispatchSocialSecurityCard',
    sourceId: pensionDone.id,
    targetId: card.id,
    waypoints: [sidePoint(pensionDoneBounds, 'right'), { x: card.bounds.x, y: rowA }],
  });
  graph.addFlow({
    id: 'Flow_PensionEnrollmentBeforeDeclaration',
    sourceId: pensionDone.id,
    targetId: prerequisites.id,
    waypoints: [sidePoint(pensionDoneBounds, 'bottom'), sidePoint(prerequisitesBounds, 'top')],
  });
  graph.addFlow({
    id: 'Flow_MedicalEnrollmentDone',
    sourceId: medical.id,
    targetId: prerequisites.id,
    waypoints: [{ x: rightOf(medical.bounds), y: rowB }, sidePoint(prerequisitesBounds, 'left')],
  });
  graph.addFlow({
    id: 'Flow_DispatchContributionDeclaration',
    sourceId: prerequisites.id,
    targetId: declaration.id,
    waypoints: [sidePoint(prerequisitesBounds, 'right'), { x: declaration.bounds.x, y: rowB }],
  });
}

/** The join of every item's end: the card and declaration from above, the others beside and below. */
function addJoin(
  graph: ProcessGraphBuilder,
  subProcesses: Map<ItemCode, FlowNodeSpec>,
  x: number,
  row: number,
): FlowNodeSpec {
  const bounds = onRow(x, row, shapeSize.gateway);
  const joinLabel = labelSize('各事项均已办结');
  const join = graph.addNode({
    id: 'Gateway_AllItemsDone',
    kind: 'parallelGateway',
    name: '各事项均已办结',
    bounds,
    label: { x: centerOf(bounds).x + 8, y: row - 60, ...joinLabel },
  });
  const entries: [ItemCode, Point][] = [
    ['social-security-card', sidePoint(bounds, 'top')],
    ['contribution-declaration', diamondEdgePoint(bounds, 'upper-left')],
    ['archive-transfer', sidePoint(bounds, 'left')],
    ['employment-registration', diamondEdgePoint(bounds, 'lower-left')],
    ['housing-fund-account', sidePoint(bounds, 'bottom')],
  ];
  for (const [item, entry] of entries) {
    const step = stepOf(item);
    const source = subProcessOf(subProcesses, item);
    const exit = { x: rightOf(source.bounds), y: mainRowOf(graph, step) };
    const waypoints = exit.y === entry.y ? [exit, entry] : [exit, { x: entry.x, y: exit.y }, entry];
    graph.addFlow({
      id: `Flow_${step.idPart}Finished`,
      sourceId: source.id,
      targetId: join.id,
      waypoints,
    });
  }
  return join;
}

// results ///////////////////////////////////////////////////////////////////////////

function addResults(graph: ProcessGraphBuilder, allDone: FlowNodeSpec, row: number): void {
  const notify = graph.addNode({
    id: 'Task_NotifyResults',
    kind: 'serviceTask',
    name: '通知申请人办理结果',
    bounds: onRow(rightOf(allDone.bounds) + 50, row, shapeSize.task),
    documentation:
      `平台步骤：作业 ${jobTypes.notifyResults} 把每个已申请事项的结果（各事项的 *Result 变量）` +
      `通知申请人。`,
    job: { type: jobTypes.notifyResults, retries: 5, headers: { department: PLATFORM_DEPARTMENT } },
  });
  const mailChoiceBounds = onRow(rightOf(notify.bounds) + 50, row, shapeSize.gateway);
  const mailChoice = graph.addNode({
    id: 'Gateway_CardToMail',
    kind: 'exclusiveGateway',
    name: '是否邮寄社保卡？',
    bounds: mailChoiceBounds,
    label: labelBelow(mailChoiceBounds, '是否邮寄社保卡？'),
    defaultFlowId: 'Flow_NoCardToMail',
  });
  const mail = graph.addNode({
    id: 'Task_MailCard',
    kind: 'serviceTask',
    name: '邮寄社会保障卡',
    bounds: onRow(rightOf(mailChoiceBounds) + 110, row, shapeSize.task),
    documentation:
      `部门：人力资源社会保障部门。条件：社保卡申领通过（${resultVariables['social-security-card']}` +
      `.outcome = "approved"）且申请人选择邮寄（mailCard）。作业 ${jobTypes.mailCard} 把卡寄到申请表` +
      `中的邮寄地址。`,
    job: {
      type: jobTypes.mailCard,
      retries: 5,
      headers: { item: 'social-security-card', department: 'hrss' },
      template: templateRef(jobTypes.mailCard),
    },
  });
  const settledBounds = onRow(rightOf(mail.bounds) + 50, row, shapeSize.gateway);
  const settled = graph.addNode({
    id: 'Gateway_CardMailingSettled',
    kind: 'exclusiveGateway',
    name: '邮寄已处理',
    bounds: settledBounds,
    label: labelBelow(settledBounds, '邮寄已处理'),
  });
  const endBounds = onRow(rightOf(settledBounds) + 50, row, shapeSize.event);
  const end = graph.addNode({
    id: 'End_ApplicationCompleted',
    kind: 'endEvent',
    name: '申请已办结',
    bounds: endBounds,
    label: labelBelow(endBounds, '申请已办结'),
  });

  straight(graph, 'Flow_AllItemsDone', allDone, notify);
  straight(graph, 'Flow_ResultsNotified', notify, mailChoice);
  const toMail = straight(graph, 'Flow_CardToMail', mailChoice, mail);
  toMail.name = '通过且申请邮寄';
  toMail.condition =
    `=mailCard = true and list contains(items, "social-security-card") and ` +
    `${resultVariables['social-security-card']}.outcome = "approved"`;
  toMail.label = {
    x: rightOf(mailChoiceBounds) + 4,
    y: row - 6 - labelSize(toMail.name).height,
    ...labelSize(toMail.name),
  };
  const bypassY = row - 100;
  const noMail = graph.addFlow({
    id: 'Flow_NoCardToMail',
    name: '无需邮寄',
    sourceId: mailChoice.id,
    targetId: settled.id,
    waypoints: [
      sidePoint(mailChoiceBounds, 'top'),
      { x: centerOf(mailChoiceBounds).x, y: bypassY },
      { x: centerOf(settledBounds).x, y: bypassY },
      sidePoint(settledBounds, 'top'),
    ],
  });
  noMail.label = { x: centerOf(mail.bounds).x - 24, y: bypassY - 20, ...labelSize('无需邮寄') };
  straight(graph, 'Flow_CardMailed', mail, settled);
  straight(graph, 'Flow_ApplicationCompleted', settled, end);
}

// helpers ///////////////////////////////////////////////////////////////////////////

function onRow(x: number, row: number, size: { width: number; height: number }): Bounds {
  return { x, y: row - size.height / 2, ...size };
}

function straight(
  graph: ProcessGraphBuilder,
  id: string,
  source: FlowNodeSpec,
  target: FlowNodeSpec,
) {
  return graph.addFlow({
    id,
    sourceId: source.id,
    targetId: target.id,
    waypoints: [sidePoint(source.bounds, 'right'), sidePoint(target.bounds, 'left')],
  });
}

function subProcessOf(subProcesses: Map<ItemCode, FlowNodeSpec>, item: ItemCode): FlowNodeSpec {
  const subProcess = subProcesses.get(item);
  if (!subProcess) throw new Error(`no sub-process for item <${item}>`);
  return subProcess;
}

/** The main-row y of an item's sub-process (its start event's centre). */
function mainRowOf(graph: ProcessGraphBuilder, step: ItemStep): number {
  return centerOf(graph.node(`Start_${step.idPart}`).bounds).y;
}
