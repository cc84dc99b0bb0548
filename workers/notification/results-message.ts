import type { ItemResult } from '../../bpmn/process-contract.ts';
import type { ApplicationView, ItemProgress } from '../../server/department-api/contract.ts';

/**
 * The text telling an applicant the results of every chosen item, in Chinese. It names the
 * receipt number, each item's state and what was issued (numbers, amounts); never the
 * applicant's name, ID number, phone or address.
 */
export function resultsMessage(application: ApplicationView): string {
  const lines = application.items.map((item, index) => `${index + 1}. ${itemLine(item)}`);
  return [
    `【山东省灵活就业参保“一件事”】您的申请（受理编号 ${application.receiptNumber}）办理结果如下：`,
    ...lines,
    '详情可在线查询办理进度，或到综合受理窗口咨询。',
  ].join('\n');
}

// helpers ------------------------------------------------------------------

/** Labels of the details worth telling the applicant, in the order shown. */
const detailLabels: Record<string, string> = {
  enrollmentNumber: '参保编号',
  cardApplicationNumber: '申领编号',
  bankName: '发卡银行',
  transferOrderNumber: '转递单号',
  receivingInstitution: '接收机构',
  registrationNumber: '登记编号',
  medicalEnrollmentNumber: '医保参保编号',
  assessmentNumber: '核定编号',
  monthlyAmount: '月缴费额（元）',
  amountPerPayment: '每次缴费额（元）',
  accountNumber: '公积金账号',
  monthlyDeposit: '月缴存额（元）',
};

function itemLine(item: ItemProgress): string {
  const result: ItemResult | undefined = item.result;
  if (!result) return `${item.name}：${item.stateLabel}`;
  if (result.outcome === 'rejected')
    return `${item.name}：不予受理，原因：${result.reason ?? '未说明'}`;

  const details = Object.entries(detailLabels)
    .filter(([key]) => result.details?.[key] !== undefined)
    .map(([key, label]) => `${label} ${String(result.details?.[key])}`);
  const mailing =
    item.mailing?.state === 'mailed' ? [`已邮寄，运单号 ${item.mailing.trackingNumber}`] : [];
  return [`${item.name}：已办结`, ...details, ...mailing].join('，');
}
