// The login challenge, through the core's first-factor seam: it runs after every first factor
// (password, registration, and any later login method), so no way in skips the second factor.
import type { FirstFactorHook } from "../../runtime/sign-in.js";
import type { MfaServices } from "./services.js";

/** What a verified second factor can be: `methods` in the challenge answer. */
export const MFA_METHODS = ["totp", "recovery_code"] as const;

export function mfaChallengeHook({ settings, authenticators, challenges, clock }: MfaServices): FirstFactorHook {
  return {
    challengeSchema: {
      type: "object",
      description: "A second factor is needed: POST mfa/verify/ (or, with setupRequired, mfa/setup/ and mfa/activate/) with the mfaToken",
      properties: {
        mfaRequired: { type: "boolean", enum: [true] },
        mfaToken: { type: "string" },
        methods: { type: "array", items: { type: "string", enum: [...MFA_METHODS] } },
        setupRequired: { type: "boolean" },
      },
      required: ["mfaRequired", "mfaToken", "methods"],
    },
    async check({ user }) {
      if (settings.mode === "off") return undefined;
      const authenticator = await authenticators.findAuthenticator(user.id);
      const now = clock.now();
      if (authenticator?.activatedAt) {
        return { mfaRequired: true, mfaToken: await challenges.open(user.id, "login", now), methods: [...MFA_METHODS] };
      }
      if (settings.mode !== "required") return undefined;
      // No factor yet on a server that requires one: a token good only for setup and activation.
      return { mfaRequired: true, mfaToken: await challenges.open(user.id, "setup", now), methods: [], setupRequired: true };
    },
  };
}
