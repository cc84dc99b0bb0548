import {
  departments,
  items,
  jobTypes,
  resultVariables,
  type Department,
  type ItemCode,
} from '../process-contract.ts';

/**
 * How each item appears in the model: Chinese names, the department's acceptance condition
 * (from the province's service guide), the submit job(s) and, for items that wait for
 * others, when their request reaches the department.
 */

export interface SubmitStep {
  /** PascalCase part of the task's id, e.g. `ContributionDeclarationToQingdaoTax`. */
  idPart: string;
  jobType: string;
  department: Department;
  /** FEEL condition choosing this department; absent for the default route. */
  condition?: string;
  /** Name of the route's sequence flow. */
  routeName?: string;
}

export interface ItemStep {
  item: ItemCode;
  /** PascalCase part of every id in the item's sub-process, e.g. `PensionEnrollment`. */
  idPart: string;
  /** Short Chinese name used inside element names, e.g. 参保登记. */
  shortName: string;
  /** The acceptance condition the department applies, in Chinese. */
  acceptance: string;
  /** The first step is the default route; a second one is chosen by its condition. */
  submits: [SubmitStep] | [SubmitStep, SubmitStep];
  /**
   * Items dispatched only after others have an outcome: the FEEL expression for when the
   * request reaches the department (the latest prerequisite decision), and why it waits.
   */
  dispatch?: { receivedAt: string; order: string };
  /**
   * A prerequisite whose refusal refuses this item without asking its department: when the
   * applicant chose `item` and its outcome is `rejected`, this item ends `rejected` with the
   * reason `<name>未通过（<the prerequisite's reason>），<consequence>`.
   */
  requires?: { item: ItemCode; name: string; consequence: string };
}

/** Short department names for element names; full names come from the contract. */
export const departmentShortNames: Record<Department, string> = {
  hrss: '人社部门',
  medical: '医保部门',
  tax: '税务部门',
  'tax-qingdao': '青岛税务',
  'housing-fund': '公积金中心',
};

export const itemSteps: ItemStep[] = [
  {
    item: 'pension-enrollment',
    idPart: 'PensionEnrollment',
    shortName: '参保登记',
    acceptance: '自愿参加企业职工基本养老保险的灵活就业人员',
    submits: [submit('pension-enrollment', 'PensionEnrollment')],
  },
  {
    item: 'medical-enrollment',
    idPart: 'MedicalEnrollment',
    shortName: '医保参保登记',
    acceptance:
      '在山东省居住，无雇工的个体工商户、未在用人单位参加职工基本医疗保险的非全日制从业人员' +
      '或其他灵活就业人员',
    submits: [submit('medical-enrollment', 'MedicalEnrollment')],
  },
  {
    item: 'archive-transfer',
    idPart: 'ArchiveTransfer',
    shortName: '档案转递',
    acceptance: '选择将人事档案转至户籍所在地或灵活就业地县级公共就业人才服务机构',
    submits: [submit('archive-transfer', 'ArchiveTransfer')],
  },
  {
    item: 'employment-registration',
    idPart: 'EmploymentRegistration',
    shortName: '就业登记',
    acceptance: '年满16周岁至法定退休年龄、有劳动能力、已实际从业',
    submits: [submit('employment-registration', 'EmploymentRegistration')],
  },
  {
    item: 'housing-fund-account',
    idPart: 'HousingFundAccount',
    shortName: '公积金开户',
    acceptance: '未设立住房公积金个人账户，或原个人账户已封存',
    submits: [submit('housing-fund-account', 'HousingFundAccount')],
  },
  {
    item: 'social-security-card',
    idPart: 'SocialSecurityCard',
    shortName: '社保卡申领',
    acceptance: '未申领过社会保障卡',
    submits: [submit('social-security-card', 'SocialSecurityCard')],
    dispatch: {
      receivedAt: latestDecision(['pension-enrollment']),
      order:
        '在参保登记有结果（通过或驳回）后提交；参保登记未申请的，受理后即提交。参保登记只决定' +
        '提交顺序，不是社保卡的受理条件：参保登记被驳回时仍提交，由人社部门按社保卡受理条件审核。',
    },
  },
  {
    item: 'contribution-declaration',
    idPart: 'ContributionDeclaration',
    shortName: '社保费申报',
    acceptance:
      '自愿缴纳基本养老保险费和基本医疗保险费；青岛市（3702xx）申请人由青岛市税务部门办理',
    submits: [
      { ...submit('contribution-declaration', 'ContributionDeclaration'), routeName: '其他城市' },
      {
        idPart: 'ContributionDeclarationToQingdaoTax',
        jobType: jobTypes.qingdaoContributionDeclaration,
        department: 'tax-qingdao',
        condition: '=taxDepartment = "tax-qingdao"',
        routeName: '青岛市',
      },
    ],
    dispatch: {
      receivedAt: latestDecision(['pension-enrollment', 'medical-enrollment']),
      order:
        '在参保登记和医保参保登记（已申请的）都有结果（通过或驳回）后办理；都未申请的，受理后即' +
        '办理。参保登记已申请但被驳回的，不提交税务部门，本事项以驳回办结（申报的是养老和医疗' +
        '保险费，须先参加养老保险）；医保参保登记被驳回时仍提交，由税务部门按其受理条件审核。',
    },
    requires: {
      item: 'pension-enrollment',
      name: '养老保险参保登记',
      consequence: '不能申报社会保险费',
    },
  },
];

/** The full department name, as the documentation states it. */
export function departmentName(department: Department): string {
  return departments[department];
}

// helpers ///////////////////////////////////////////////////////////////////////////

function submit(item: ItemCode, idPart: string): SubmitStep {
  return { idPart, jobType: items[item].submitJobType, department: items[item].department };
}

/**
 * FEEL: when the latest of the chosen `prerequisites` was decided, else `receivedAt`
 * (none chosen). Handles one or two prerequisites, which is all the model needs.
 */
function latestDecision(prerequisites: [ItemCode] | [ItemCode, ItemCode]): string {
  const chosen = (item: ItemCode) => `list contains(items, "${item}")`;
  const decidedAt = (item: ItemCode) => `${resultVariables[item]}.decidedAt`;
  const [first, second] = prerequisites;
  if (!second) return `=if ${chosen(first)} then ${decidedAt(first)} else receivedAt`;

  const later =
    `if date and time(${decidedAt(first)}) > date and time(${decidedAt(second)}) ` +
    `then ${decidedAt(first)} else ${decidedAt(second)}`;
  return (
    `=if ${chosen(first)} and ${chosen(second)} then (${later}) ` +
    `else if ${chosen(first)} then ${decidedAt(first)} ` +
    `else if ${chosen(second)} then ${decidedAt(second)} ` +
    `else receivedAt`
  );
}
