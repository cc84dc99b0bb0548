/**
 * The workers' error catalogue: one stable code per condition, whether retrying can help, and
 * the message (in Chinese: managers read it as the incident's message).
 *
 * A job worker that catches a `WorkerError` fails the job: with `retries - 1` and a back-off
 * when `retryable` (a department system or the server is down or slow), with no retries left
 * (an incident at once) when retrying the same job cannot help (bad job, unknown application).
 */
export const workerErrorCatalogue = {
  DEPARTMENT_UNAVAILABLE: {
    retryable: true,
    message: '部门业务系统暂时无法访问或响应超时',
  },
  DEPARTMENT_ANSWER_INVALID: {
    retryable: true,
    message: '部门业务系统的答复无法识别',
  },
  DEPARTMENT_REQUEST_REFUSED: {
    retryable: false,
    message: '部门业务系统拒绝了请求（凭据或请求内容有误）',
  },
  APPLICATION_SOURCE_UNAVAILABLE: {
    retryable: true,
    message: '受理服务暂时无法访问或响应超时',
  },
  APPLICATION_SOURCE_REFUSED: {
    retryable: false,
    message: '受理服务拒绝了请求',
  },
  APPLICATION_NOT_FOUND: {
    retryable: false,
    message: '受理服务中没有该申请或该事项',
  },
  INSTANCE_SUPERSEDED: {
    retryable: false,
    message: '该流程实例已被同一申请的另一实例取代',
  },
  JOB_INVALID: {
    retryable: false,
    message: '作业缺少必需的变量或头信息',
  },
  REFERENCE_DATA_MISSING: {
    retryable: false,
    message: '参考数据缺少办理所需的数值，请管理人员补充后处理事件',
  },
  CARD_NOT_APPROVED: {
    retryable: false,
    message: '社会保障卡申领尚未办结，无法邮寄',
  },
  RESULT_PUBLISH_FAILED: {
    retryable: true,
    message: '部门办理结果未能送达流程引擎',
  },
  REVIEW_NOT_PENDING: {
    retryable: false,
    message: '该申请事项不在待审核状态',
  },
  REVIEW_REASON_REQUIRED: {
    retryable: false,
    message: '不予受理时必须填写原因',
  },
  NOTIFICATION_SEND_FAILED: {
    retryable: true,
    message: '办理结果通知未能发出',
  },
} as const satisfies Record<string, { retryable: boolean; message: string }>;

export type WorkerErrorCode = keyof typeof workerErrorCatalogue;

/**
 * Thrown by the workers' collaborators (application source, department systems, publishers)
 * for a technical fault. `detail` adds what went wrong without personal data; `cause` keeps
 * the original error for the log.
 */
export class WorkerError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: WorkerErrorCode,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    const entry = workerErrorCatalogue[code];
    super(detail ? `${entry.message}：${detail}` : entry.message, options);
    this.name = 'WorkerError';
    this.retryable = entry.retryable;
  }
}

/** Whether an error is a `WorkerError` with `code`. */
export function isWorkerError(error: unknown, code?: WorkerErrorCode): error is WorkerError {
  return error instanceof WorkerError && (code === undefined || error.code === code);
}
