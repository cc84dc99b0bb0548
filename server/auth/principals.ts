import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../platform/config.ts';
import type { DepartmentCaller } from '../department-api/contract.ts';

/**
 * Who calls the server. `applicant`: the provincial app's online channel submitting for
 * applicants (an applicant checking status proves who they are with the receipt number and
 * ID number, or the status token, not with a bearer token); `clerk`: a window clerk;
 * `department`: a department's workers, or the province's own (`province`); `analyst`
 * and `manager`: monitoring and operations.
 */
export type Role = 'applicant' | 'clerk' | 'department' | 'analyst' | 'manager';

export interface Principal {
  role: Role;
  /** The configured name: `clerk-1`, `hrss`, `provincial-app`, … */
  id: string;
}

/** The principal as stored with what it submitted, e.g. `clerk:clerk-1`. */
export function principalKey(principal: Principal): string {
  return `${principal.role}:${principal.id}`;
}

/** Resolves bearer tokens to principals, from the `*_TOKENS` settings. */
export class TokenDirectory {
  private readonly byHash = new Map<string, Principal>();

  constructor(
    config: Pick<
      Config,
      | 'DEPARTMENT_TOKENS'
      | 'CLERK_TOKENS'
      | 'ANALYST_TOKENS'
      | 'MANAGER_TOKENS'
      | 'ONLINE_CHANNEL_TOKENS'
    >,
  ) {
    this.add('department', config.DEPARTMENT_TOKENS);
    this.add('clerk', config.CLERK_TOKENS);
    this.add('analyst', config.ANALYST_TOKENS);
    this.add('manager', config.MANAGER_TOKENS);
    this.add('applicant', config.ONLINE_CHANNEL_TOKENS);
  }

  /** The principal of an `Authorization` header value, if it names a known token. */
  resolve(authorization: string | undefined): Principal | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    return match ? this.byHash.get(hash(match[1]!)) : undefined;
  }

  private add(role: Role, tokens: Record<string, string>) {
    for (const [id, token] of Object.entries(tokens)) this.byHash.set(hash(token), { role, id });
  }
}

/** The department a department principal calls as. */
export function departmentOf(principal: Principal): DepartmentCaller {
  return principal.id as DepartmentCaller;
}

/**
 * Status tokens given to applicants at submission: `<applicationId>.<signature>`, signed
 * with `STATUS_TOKEN_SECRET`, so the same token can be given again for a repeated
 * submission and nothing secret is stored.
 */
export class StatusTokens {
  constructor(private readonly secret: string) {}

  issue(applicationId: string): string {
    return `${applicationId}.${this.sign(applicationId)}`;
  }

  /** The application id a token was issued for, or undefined when it is not genuine. */
  verify(token: string): string | undefined {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const applicationId = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.sign(applicationId));
    return given.length === expected.length && timingSafeEqual(given, expected)
      ? applicationId
      : undefined;
  }

  private sign(applicationId: string): string {
    return createHmac('sha256', this.secret).update(applicationId).digest('base64url');
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
