import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../platform/logger.ts';
import { principalKey, type Principal, type StatusTokens } from '../auth/principals.ts';
import { ServerError, type FieldProblem } from '../errors.ts';
import { applicationFormShape, type ApplicationForm } from '../form/application-form.ts';
import { fallbackMessage, toFieldErrors } from '../form/field-errors.ts';
import { unknownFields } from '../http/unknown-fields.ts';
import {
  IdentityServiceUnavailableError,
  type IdentityConfirmation,
  type IdentityDataSharing,
} from '../identity/data-sharing.ts';
import { cityOf } from '../reference-data/lookups.ts';
import type { ReferenceData } from '../reference-data/reference-data.ts';
import type { Channel, StoredApplication } from './application.ts';
import type { ApplicationStore, IdempotencyClaim } from './application-store.ts';
import type { ProcessStarter } from './process-starter.ts';

const materialIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '材料编号格式不正确');

/** The body of `POST /api/applications`. `form` is checked by the form's own schema. */
export const submissionSchema = z.strictObject({
  form: z
    .record(z.string(), z.unknown(), {
      error: '请填写申请表（form）：一个 JSON 对象，包含 items、applicant 等各部分',
    })
    .describe('申请表（ApplicationForm，见 server/form/application-form.ts）'),
  materials: z
    .strictObject({
      /** From `POST /api/materials/photo`; required when the card is applied for. */
      photo: materialIdSchema.optional(),
      /** From `POST /api/materials/id-document`; required unless data sharing confirms. */
      idDocument: materialIdSchema.optional(),
    })
    .default({}),
});

export type SubmissionBody = z.infer<typeof submissionSchema>;

/** `Idempotency-Key`: 8-128 letters, digits, `-` or `_`. */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/);

/** The problem with a malformed `Idempotency-Key`, on the header itself. */
const idempotencyKeyProblem: FieldProblem = {
  field: 'headers.idempotency-key',
  message:
    '请发送8到128位的字母、数字、连字符或下划线，如一个UUID；同一份申请重复提交时使用同一个键',
};

export interface Submission {
  application: StoredApplication;
  statusToken: string;
  /** True when an earlier submission with the same key is answered again. */
  replayed: boolean;
}

export interface IntakeDependencies {
  store: ApplicationStore;
  starter: ProcessStarter;
  identity: IdentityDataSharing;
  formSchema: z.ZodType<ApplicationForm, unknown>;
  referenceData: ReferenceData;
  statusTokens: StatusTokens;
  logger: Logger;
  /** How long intake keeps the start to itself before the background starter may try. */
  startLeaseMs: number;
}

/**
 * Intake (一表申请): validates a submission, confirms the applicant's identity by data
 * sharing, stores the application with its materials and idempotency key in one
 * transaction, then starts its process instance (or leaves that to the background
 * starter when the engine does not answer in time). A stored application is never lost
 * and never started twice.
 */
export class Intake {
  constructor(private readonly deps: IntakeDependencies) {}

  async submit(
    principal: Principal,
    channel: Channel,
    body: SubmissionBody,
    idempotencyKey?: string,
  ): Promise<Submission> {
    const claim = idempotencyKey ? this.claim(principal, idempotencyKey, body) : undefined;
    const earlier = claim ? await this.deps.store.findByIdempotencyKey(claim) : undefined;
    if (earlier) return this.answer(earlier, true);

    const accepted = await this.accept(principal, body);

    const outcome = await this.deps.store.insert(
      {
        id: randomUUID(),
        city: accepted.city,
        channel,
        submittedBy: principalKey(principal),
        form: accepted.form,
        identityVerifiedBy: accepted.identityVerifiedBy,
        materialIds: accepted.materialIds,
        startLeaseMs: this.deps.startLeaseMs,
      },
      claim,
    );

    let application = outcome.application;
    if (outcome.kind === 'inserted') {
      this.deps.logger.info(
        { applicationId: application.id, channel, items: application.form.items },
        'application received',
      );
      const started = await this.deps.starter.start(application);
      if (started === 'started') application = (await this.deps.store.findById(application.id))!;
    }
    return this.answer(application, outcome.kind === 'repeated');
  }

  private answer(application: StoredApplication, replayed: boolean): Submission {
    return { application, statusToken: this.deps.statusTokens.issue(application.id), replayed };
  }

  // --- helpers below ---

  /** Everything checked before storing; throws `FORM_INVALID` listing every problem. */
  private async accept(principal: Principal, body: SubmissionBody) {
    const firstPass = this.parseForm(body.form);
    const identityWellFormed = hasWellFormedIdentity(firstPass);
    const confirmation = identityWellFormed ? await this.confirmIdentity(body.form) : undefined;
    const input = confirmation?.confirmed ? withConfirmedId(body.form, confirmation) : body.form;
    const parsed = confirmation?.confirmed ? this.parseForm(input) : firstPass;

    const problems: FieldProblem[] = unknownFields(applicationFormShape, body.form, 'form');
    if (!parsed.success) {
      problems.push(
        ...toFieldErrors(parsed.error.issues).map(({ field, message }) => ({
          field: field ? `form.${field}` : 'form',
          message,
        })),
      );
    }
    problems.push(
      ...(await this.materialProblems(principal, body, input, identityWellFormed, confirmation)),
    );
    if (!parsed.success || problems.length > 0) {
      throw new ServerError('FORM_INVALID', { fields: problems });
    }

    const city = cityOf(this.deps.referenceData, parsed.data.applicant.divisionCode);
    if (!city) {
      throw new ServerError('FORM_INVALID', {
        fields: [{ field: 'form.applicant.divisionCode', message: '办理地不在山东省各市范围内' }],
      });
    }
    return {
      form: parsed.data,
      city: city.code,
      identityVerifiedBy: confirmation?.confirmed
        ? ('data-sharing' as const)
        : ('document' as const),
      materialIds: [body.materials.photo, body.materials.idDocument].filter(
        (id): id is string => id !== undefined,
      ),
    };
  }

  private parseForm(input: unknown) {
    return this.deps.formSchema.safeParse(input, { error: fallbackMessage });
  }

  /**
   * Asks data sharing about the applicant, whose name, document type and number are
   * well-formed. Undefined when the service is unavailable.
   */
  private async confirmIdentity(form: unknown): Promise<IdentityConfirmation | undefined> {
    const applicant = (form as { applicant: Record<string, string> }).applicant;
    try {
      return await this.deps.identity.confirm({
        name: applicant.name!.trim(),
        idType: applicant.idType as 'resident-id',
        idNumber: applicant.idNumber!.trim().toUpperCase(),
      });
    } catch (error) {
      if (!(error instanceof IdentityServiceUnavailableError)) throw error;
      this.deps.logger.warn({ err: error }, 'identity data sharing unavailable');
      return undefined;
    }
  }

  private async materialProblems(
    principal: Principal,
    body: SubmissionBody,
    form: unknown,
    identityWellFormed: boolean,
    confirmation: IdentityConfirmation | undefined,
  ): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    const chosen = (form as { items?: unknown }).items;
    const wantsCard = Array.isArray(chosen) && chosen.includes('social-security-card');

    if (wantsCard && !body.materials.photo) {
      problems.push({
        field: 'materials.photo',
        message: '申领社会保障卡须上传白底证件照片，请先上传照片再提交',
      });
    }
    // Only identity fields that are themselves valid can be confirmed; until then their
    // own errors say what to fix, and no ID image is asked for.
    if (identityWellFormed && !confirmation?.confirmed && !body.materials.idDocument) {
      problems.push({ field: 'materials.idDocument', message: idDocumentMessage(confirmation) });
    }

    const wanted = [
      ['photo', body.materials.photo],
      ['id-document', body.materials.idDocument],
    ] as const;
    for (const [kind, id] of wanted) {
      if (!id) continue;
      const material = await this.deps.store.findMaterial(id);
      const field = kind === 'photo' ? 'materials.photo' : 'materials.idDocument';
      if (
        !material ||
        material.kind !== kind ||
        material.uploadedBy !== principalKey(principal) ||
        material.applicationId
      ) {
        problems.push({ field, message: '材料不存在、类型不符或已被其他申请使用，请重新上传' });
      }
    }
    return problems;
  }

  private claim(principal: Principal, key: string, body: SubmissionBody): IdempotencyClaim {
    const parsedKey = idempotencyKeySchema.safeParse(key);
    if (!parsedKey.success) {
      throw new ServerError('IDEMPOTENCY_KEY_INVALID', { fields: [idempotencyKeyProblem] });
    }
    const validKey = parsedKey.data;
    return {
      principal: principalKey(principal),
      key: validKey,
      requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex'),
    };
  }
}

/** True when the name, document type and number passed the form's checks. */
function hasWellFormedIdentity(firstPass: z.ZodSafeParseResult<ApplicationForm>): boolean {
  if (firstPass.success) return true;
  const identityPaths = ['applicant.name', 'applicant.idType', 'applicant.idNumber'];
  return !firstPass.error.issues.some((issue) => {
    const path = issue.path.join('.');
    return path === '' || path === 'applicant' || identityPaths.includes(path);
  });
}

function idDocumentMessage(confirmation: IdentityConfirmation | undefined): string {
  if (!confirmation) {
    return '身份核验（数据共享）服务暂不可用，请上传身份证件图片后再提交';
  }
  const reason = confirmation.confirmed ? '' : `（${confirmation.reason}）`;
  return `数据共享未能核验身份${reason}，请上传身份证件图片后再提交`;
}

/** The form with the ID's issuing authority and validity from data sharing, when the card is chosen. */
function withConfirmedId(
  form: unknown,
  confirmation: Extract<IdentityConfirmation, { confirmed: true }>,
): unknown {
  const record = form as Record<string, unknown>;
  const chosen = record.items;
  if (!Array.isArray(chosen) || !chosen.includes('social-security-card')) return form;
  const card = typeof record.card === 'object' && record.card !== null ? record.card : {};
  return {
    ...record,
    card: {
      ...card,
      idIssuingAuthority: confirmation.issuingAuthority,
      idValidFrom: confirmation.validFrom,
      idValidTo: confirmation.validTo,
    },
  };
}

/** JSON with object keys sorted, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
