import type { ApplicationForm } from './application-form.ts';
import type { ApplicationFormSchema } from './application-rules.ts';
import { fallbackMessage, toFieldErrors, type FieldError } from './field-errors.ts';

/** The answer to one submitted form: the accepted form, or every field to fix. */
export type FormValidation =
  { ok: true; form: ApplicationForm } | { ok: false; errors: FieldError[] };

/**
 * Validates `input` (parsed JSON from the API or the counter page) with a schema from
 * `createApplicationFormSchema()`. Never throws for bad input; throws only when the
 * reference data lacks a figure a rule needs (`ReferenceDataMissingError`).
 */
export function validateApplicationForm(
  schema: ApplicationFormSchema,
  input: unknown,
): FormValidation {
  const parsed = schema.safeParse(input, { error: fallbackMessage });
  if (parsed.success) return { ok: true, form: parsed.data };
  return { ok: false, errors: toFieldErrors(parsed.error.issues) };
}
