import type { z } from 'zod';

/**
 * Problems with a submitted form, one per field, in the shape the HTTP API returns and the
 * counter page shows next to each field.
 */

/** One thing to fix: `field` is the dotted path (`applicant.idNumber`, `items.1`), '' for the whole form. */
export interface FieldError {
  field: string;
  message: string;
}

/** Turns zod issues into field errors, in the order found, without exact repeats. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join('.');
    const key = `${field}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push({ field, message: issue.message });
  }
  return errors;
}

/**
 * The message for a built-in zod issue that no field gave a Chinese message for; pass it as
 * the per-parse `error` option so no English reaches a user.
 */
export function fallbackMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '请填写此项' : '此项的类型不对，请核对';
    case 'unrecognized_keys':
      return `申请表中有无法识别的字段：${issue.keys.join('、')}，请删除`;
    default:
      return '此项填写有误，请核对';
  }
}
