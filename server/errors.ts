/**
 * The server's error catalogue: every error a client can receive, with a stable code (what
 * clients branch on), an HTTP status and a message in Chinese that says what was wrong and
 * what to send instead. Responses carry `{ statusCode, code, message, fields? }`
 * (`apiErrorSchema` in `department-api/contract.ts`).
 *
 * Retry: 503 codes may succeed later unchanged; every 4xx needs a different request.
 */
export const serverErrors = {
  BODY_NOT_JSON: { status: 400, message: '请求体不是合法的 JSON，请检查括号、引号和逗号' },
  BODY_EMPTY: { status: 400, message: '请求体为空，请发送 JSON 格式的内容' },
  BODY_TOO_LARGE: { status: 413, message: '请求体过大，请精简内容后重试' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: '不支持的内容类型，请使用 application/json（上传材料请使用 multipart/form-data）',
  },
  INVALID_REQUEST: {
    status: 400,
    message: '请求内容不符合要求，请按各字段的提示（fields）逐项修改',
  },
  FORM_INVALID: { status: 400, message: '申请表填写有误，请按各字段的提示（fields）逐项修改' },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    message: 'Idempotency-Key 请求头须为 8 到 128 位字母、数字、连字符或下划线',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 409,
    message: '该 Idempotency-Key 已用于另一份不同的申请，请为新申请使用新的键',
  },
  UNAUTHENTICATED: {
    status: 401,
    message: '缺少或无法识别访问令牌，请在 Authorization 请求头中以 Bearer 方式提供有效令牌',
  },
  FORBIDDEN: { status: 403, message: '当前身份无权执行此操作' },
  DEPARTMENT_FORBIDDEN: { status: 403, message: '该事项不由本部门办理，无权查看或写入' },
  APPLICATION_NOT_FOUND: { status: 404, message: '未找到该申请' },
  STATUS_NOT_FOUND: {
    status: 404,
    message: '未找到与受理编号和证件号码相符的申请，请核对后重试',
  },
  ITEM_NOT_CHOSEN: { status: 404, message: '该申请未选择此事项' },
  ROUTE_NOT_FOUND: { status: 404, message: '请求的地址不存在' },
  OUTCOME_CONFLICT: {
    status: 409,
    message: '该事项已有不同的办理结果，不能改写；如需更正请联系省级平台',
  },
  INSTANCE_SUPERSEDED: {
    status: 409,
    message: '该流程实例不是此申请登记的实例，已被撤销，请勿继续办理',
  },
  MATERIAL_TYPE_NOT_ACCEPTED: {
    status: 415,
    message: '材料文件类型不被接受，请上传 JPEG 或 PNG 图片',
  },
  MATERIAL_TOO_LARGE: { status: 413, message: '材料文件过大' },
  MATERIAL_INVALID: { status: 400, message: '材料不符合要求' },
  MATERIAL_NOT_FOUND: {
    status: 400,
    message: '引用的材料不存在或不是由当前身份上传，请重新上传后再提交',
  },
  STORE_UNAVAILABLE: { status: 503, message: '系统暂时无法保存，请稍后重试，申请未被受理' },
  IDENTITY_SERVICE_UNAVAILABLE: {
    status: 503,
    message: '身份核验（数据共享）服务暂时不可用，请稍后重试，或上传身份证件图片并填写证件信息',
  },
  INTERNAL: { status: 500, message: '系统内部错误，请稍后重试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ServerErrorCode = keyof typeof serverErrors;

/** One problem with one field of a request, in Chinese; `field` is a dotted path. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An error the server answers with: a catalogue code, its status, and a message (the
 * catalogue's, or a more specific one in Chinese), optionally per-field problems.
 */
export class ServerError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ServerErrorCode,
    options: { message?: string; fields?: FieldProblem[]; cause?: unknown } = {},
  ) {
    super(options.message ?? serverErrors[code].message, { cause: options.cause });
    this.name = 'ServerError';
    this.statusCode = serverErrors[code].status;
    this.fields = options.fields;
  }

  readonly fields: FieldProblem[] | undefined;

  /** The response body. */
  toBody(): { statusCode: number; code: string; message: string; fields?: FieldProblem[] } {
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }
}
