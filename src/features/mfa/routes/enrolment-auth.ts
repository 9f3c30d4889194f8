// Who may set up and activate an authenticator: a signed-in user (access token), or, when
// MFA_MODE=required, a user whose login answered setupRequired (the setup-only mfaToken). That
// token is good for nothing else: every other route refuses its typ.
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { readBearerToken } from "../../../runtime/authenticate.js";
import type { Challenge } from "../challenges.js";
import type { MfaServices } from "../services.js";

export interface Enrolling {
  userId: string;
  /** Set when the setup-only mfaToken was used: activation then finishes that sign-in. */
  challenge?: Challenge;
}

export interface EnrolmentAuth {
  preHandler: preHandlerAsyncHookHandler;
  /** Set by the preHandler. */
  enrolling(request: FastifyRequest): Enrolling;
}

export function createEnrolmentAuth({ challenges, clock }: MfaServices, authenticate: FastifyInstance["authenticate"]): EnrolmentAuth {
  const byRequest = new WeakMap<FastifyRequest, Enrolling>();
  return {
    async preHandler(request, reply) {
      const token = readBearerToken(request);
      if (token && challenges.isMfaToken(token)) {
        // Verified here (typ, signature, live setup challenge); one attempt counted per call.
        const challenge = await challenges.attempt(token, "setup", clock.now());
        byRequest.set(request, { userId: challenge.userId, challenge });
        return;
      }
      await new Promise<void>((resolve, reject) => authenticate.call(this, request, reply, (error) => (error ? reject(error) : resolve())));
      byRequest.set(request, { userId: request.auth!.userId });
    },
    enrolling: (request) => byRequest.get(request)!,
  };
}
