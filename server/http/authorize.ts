import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Principal, Role, TokenDirectory } from '../auth/principals.ts';
import { ServerError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authorize` from the bearer token; absent on open routes. */
    principal?: Principal;
  }
}

/**
 * A pre-handler that lets only the given roles through: 401 `UNAUTHENTICATED` without a
 * known bearer token, 403 `FORBIDDEN` for another role.
 */
export function authorizer(tokens: TokenDirectory) {
  return (...roles: Role[]): preHandlerAsyncHookHandler =>
    async function authorize(request: FastifyRequest, _reply: FastifyReply) {
      const principal = tokens.resolve(request.headers.authorization);
      if (!principal) throw new ServerError('UNAUTHENTICATED');
      if (!roles.includes(principal.role)) throw new ServerError('FORBIDDEN');
      request.principal = principal;
    };
}

/** The principal `authorize` set; a route without `authorize` has none. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ServerError('UNAUTHENTICATED');
  return request.principal;
}
