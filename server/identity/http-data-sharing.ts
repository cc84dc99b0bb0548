import { z } from 'zod';
import {
  IdentityServiceUnavailableError,
  type IdentityConfirmation,
  type IdentityDataSharing,
  type IdentityQuery,
} from './data-sharing.ts';

const answerSchema = z.discriminatedUnion('confirmed', [
  z.object({
    confirmed: z.literal(true),
    issuingAuthority: z.string().min(1),
    validFrom: z.iso.date(),
    validTo: z.union([z.iso.date(), z.literal('长期')]),
  }),
  z.object({ confirmed: z.literal(false), reason: z.string().default('未能核验') }),
]);

/**
 * The province's data-sharing service over HTTP: `POST <baseUrl>/identity/confirmations`
 * with `{ name, idType, idNumber }` and a bearer token, answered with an
 * `IdentityConfirmation` as JSON. Any other answer, a non-2xx status or no answer within
 * `timeoutMs` rejects with `IdentityServiceUnavailableError`.
 */
export class HttpIdentityDataSharing implements IdentityDataSharing {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 5_000,
  ) {}

  async confirm(query: IdentityQuery): Promise<IdentityConfirmation> {
    let response: Response;
    try {
      response = await fetch(new URL('identity/confirmations', withSlash(this.baseUrl)), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify(query),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new IdentityServiceUnavailableError('identity service unreachable', { cause: error });
    }
    if (!response.ok) {
      throw new IdentityServiceUnavailableError(`identity service answered ${response.status}`);
    }

    const parsed = answerSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new IdentityServiceUnavailableError('identity service answered an unknown shape', {
        cause: parsed.error,
      });
    }
    return parsed.data;
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
