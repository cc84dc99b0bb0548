import type { IdType } from '../form/application-form.ts';

/**
 * Identity by data sharing (数据共享): the province's service that confirms an applicant's
 * name and ID number against the population registry and returns the ID's issuing
 * authority and validity, so an applicant it confirms uploads no ID image and types no ID
 * dates. Two implementations: `ReferenceIdentityDataSharing` (pilots, tests) and
 * `HttpIdentityDataSharing` (the province's service).
 */
export interface IdentityDataSharing {
  /**
   * Asks whether `name` holds `idNumber`. Resolves `confirmed: false` when the registry
   * does not confirm them; rejects with `IdentityServiceUnavailableError` on a technical
   * fault (a retry may help).
   */
  confirm(query: IdentityQuery): Promise<IdentityConfirmation>;
}

export interface IdentityQuery {
  name: string;
  idType: IdType;
  idNumber: string;
}

export type IdentityConfirmation =
  | {
      confirmed: true;
      /** 签发机关, e.g. `济南市公安局历下分局`. */
      issuingAuthority: string;
      /** `YYYY-MM-DD`. */
      validFrom: string;
      /** `YYYY-MM-DD`, or `长期` for an ID without an end date. */
      validTo: string;
    }
  | { confirmed: false; reason: string };

/** The data-sharing service could not answer (unreachable, timed out, bad answer). */
export class IdentityServiceUnavailableError extends Error {
  readonly code = 'IDENTITY_SERVICE_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityServiceUnavailableError';
  }
}
