/**
 * Errors of the reference data package. Each has a stable code; none is retryable: the
 * files must be fixed and the service restarted.
 */

/** Thrown at start-up when a reference data file is missing, not JSON, or breaks its schema. */
export class ReferenceDataError extends Error {
  readonly code = 'REFERENCE_DATA_INVALID';

  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(
      `reference data <${file}> is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      options,
    );
    this.name = 'ReferenceDataError';
  }
}

/** Thrown when a rule asks for a figure the reference data has no entry for. */
export class ReferenceDataMissingError extends Error {
  readonly code = 'REFERENCE_DATA_MISSING';

  constructor(readonly what: string) {
    super(`reference data has no entry for ${what}`);
    this.name = 'ReferenceDataMissingError';
  }
}
