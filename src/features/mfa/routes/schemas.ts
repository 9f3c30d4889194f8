// JSON schemas of the mfa routes: input validation, response shapes and OpenAPI.
import { tokenField } from "../../../runtime/routes/schemas.js";

/** Six digits exactly: anything else is a 400 before any attempt is counted. */
export const codeField = { type: "string", pattern: "^[0-9]{6}$", description: "The 6-digit code of the authenticator app" } as const;
/** `xxxxx-xxxxx`; case, spaces and dashes are ignored. */
export const recoveryCodeField = { type: "string", minLength: 1, maxLength: 64 } as const;
export const mfaTokenField = tokenField;

export const recoveryCodesSchema = {
  type: "object",
  properties: { recoveryCodes: { type: "array", items: { type: "string" }, description: "Shown once: store them safely" } },
  required: ["recoveryCodes"],
} as const;
