// mfa: a second factor (TOTP, RFC 6238) with recovery codes. Logins of users with a factor, and
// of every user when MFA_MODE=required, answer a challenge through the core's first-factor seam
// instead of tokens; routes under /jwt-allauth/mfa/ enrol, verify and manage the factor.
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Feature } from "../feature.js";
import { mfaChallengeHook } from "./first-factor.js";
import { manageRoutes } from "./routes/manage.js";
import { codeField } from "./routes/schemas.js";
import { setupRoutes } from "./routes/setup.js";
import { verifyRoutes } from "./routes/verify.js";
import { createMfaServices } from "./services.js";
import { KEY_COMMAND, loadMfaSettings, type MfaSettings } from "./settings.js";

export const mfa: Feature = {
  name: "mfa",
  summary: "a second factor: TOTP authenticator apps with recovery codes (MFA_MODE off|optional|required)",
  schema: {
    id: "mfa",
    dir: fileURLToPath(new URL(".", import.meta.url)),
    models: ["MfaAuthenticator", "MfaRecoveryCode", "MfaChallenge"],
    userFields: ["mfaAuthenticator MfaAuthenticator?", "mfaRecoveryCodes MfaRecoveryCode[]", "mfaChallenges    MfaChallenge[]"],
  },
  env: [
    { name: "MFA_MODE", value: "optional", comment: "off | optional (users choose) | required (every login needs a second factor)." },
    {
      name: "MFA_ENCRYPTION_KEY",
      value: "",
      generate: () => randomBytes(32).toString("base64url"),
      comment: `Encrypts the TOTP secrets at rest; losing it disables every authenticator. Generate: ${KEY_COMMAND}`,
    },
  ],
  nextSteps: ["Keep MFA_ENCRYPTION_KEY as safe as the signing key: without it no TOTP secret can be read. See the mfa section of the README."],
  runtime: {
    models: ["mfaAuthenticator", "mfaRecoveryCode", "mfaChallenge"],
    loadSettings: loadMfaSettings,
    setup(context) {
      const services = createMfaServices(context as Parameters<typeof createMfaServices>[0]);
      return {
        firstFactor: mfaChallengeHook(services),
        routes: [setupRoutes(services), verifyRoutes(services), manageRoutes(services)],
        reauthenticator: {
          field: "code",
          schema: codeField,
          verify: (user, code, request) => services.secondFactor.checkTotp({ userId: user.id, code, field: "code", request }),
        },
      };
    },
  },
};

export type { MfaSettings };
