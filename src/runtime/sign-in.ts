// Every way into an account ends here: password login, registration that logs in, and each
// feature's own login (social, passkey, magic link). A feature's first-factor hook (MFA) sees the
// user before any session exists and may answer a challenge instead of tokens, so no login path
// can hand out tokens behind its back. The feature's own route then calls finish() once the
// second factor passed.
import type { FastifyReply, FastifyRequest } from "fastify";
import { readDevice } from "./device.js";
import type { RefreshTransport } from "./routes/refresh-transport.js";
import { toUserBody } from "./routes/user-body.js";
import type { Sessions } from "./sessions.js";
import type { UserRecord } from "./store/index.js";

export interface FirstFactor {
  user: UserRecord;
  /** How the first factor was proven: "password", "registration", or a feature's own ("social"). */
  method: string;
  request: FastifyRequest;
}

export interface FirstFactorHook {
  /** JSON schema of the challenge answer (e.g. {mfaRequired, mfaToken}): serialisation and OpenAPI. */
  challengeSchema: Record<string, unknown>;
  /** A challenge body to answer instead of tokens, or undefined to let the sign-in through. */
  check(attempt: FirstFactor): Promise<Record<string, unknown> | undefined>;
}

/** The token pair and the user, or a hook's challenge. */
export type SignInAnswer = Record<string, unknown>;

export interface SignIn {
  /** The first factor passed: the first hook that answers a challenge wins; else finish(). */
  afterFirstFactor(request: FastifyRequest, reply: FastifyReply, user: UserRecord, method: string): Promise<SignInAnswer>;
  /** Every factor passed: opens the device session and answers its tokens and the user. */
  finish(request: FastifyRequest, reply: FastifyReply, user: UserRecord): Promise<SignInAnswer>;
  /** The success answer's schema: the token pair and user, or any hook's challenge. */
  answerSchema(tokensSchema: Record<string, unknown>): Record<string, unknown>;
}

export function createSignIn(sessions: Sessions, refreshTransport: RefreshTransport, hooks: readonly FirstFactorHook[]): SignIn {
  const finish: SignIn["finish"] = async (request, reply, user) => {
    const pair = await sessions.start(user, readDevice(request));
    return { ...refreshTransport.deliver(reply, pair), user: toUserBody(user) };
  };
  return {
    async afterFirstFactor(request, reply, user, method) {
      for (const hook of hooks) {
        const challenge = await hook.check({ user, method, request });
        if (challenge) return challenge;
      }
      return finish(request, reply, user);
    },
    finish,
    answerSchema(tokensSchema) {
      return hooks.length === 0 ? tokensSchema : { anyOf: [tokensSchema, ...hooks.map((hook) => hook.challengeSchema)] };
    },
  };
}
