import type { SubmissionView, StatusView } from '../applications/views.ts';
import type { ApiError } from '../department-api/contract.ts';

/**
 * A small client of the service's public HTTP API (intake, materials, status) for the
 * demo, the end-to-end tests and the benchmarks. It says nothing the OpenAPI description
 * does not; a provincial app would generate its own.
 */
export class ServiceClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** Uploads a material; resolves to its id. */
  async upload(kind: 'photo' | 'id-document', content: Buffer, contentType = 'image/png') {
    const data = new FormData();
    data.append('file', new Blob([new Uint8Array(content)], { type: contentType }), `${kind}.png`);
    const body = await this.call<{ materialId: string }>('POST', `/api/materials/${kind}`, data);
    return body.materialId;
  }

  /** Submits an application; `idempotencyKey` makes a retry return the first result. */
  submit(
    body: { form: unknown; materials?: { photo?: string; idDocument?: string } },
    idempotencyKey?: string,
  ): Promise<SubmissionView> {
    return this.call('POST', '/api/applications', body, idempotencyKey);
  }

  /** The applicant's status lookup with the token given at submission. */
  status(statusToken: string): Promise<StatusView> {
    return this.call('POST', '/api/status', { statusToken });
  }

  /**
   * Polls the status until every item is decided and an approved card asked to be mailed
   * is mailed, or `timeoutMs` passes (then resolves with the last status seen).
   */
  async waitUntilSettled(statusToken: string, timeoutMs = 60_000, intervalMs = 100) {
    const giveUpAt = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.status(statusToken);
      if (settled(status) || Date.now() >= giveUpAt) return status;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  async call<T>(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const isForm = body instanceof FormData;
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: isForm ? body : body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new ServiceCallError(response.status, answer as ApiError);
    return answer as T;
  }
}

/** Every item decided, and no approved card still waiting to be mailed. */
export function settled(status: StatusView): boolean {
  return status.items.every(
    (item) =>
      (item.state === 'completed' || item.state === 'rejected') &&
      item.mailing?.state !== 'awaiting',
  );
}

/** The service refused a call; `body` holds its code, Chinese message and fields. */
export class ServiceCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(`${status} ${body.code}: ${body.message}`);
    this.name = 'ServiceCallError';
  }
}
