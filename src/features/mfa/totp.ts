// TOTP (RFC 6238) through otpauth, a maintained library: SHA-1, 6 digits, 30-second steps, the
// parameters every authenticator app supports. A code is matched within ±1 step for clock drift,
// and the step it matched is returned, so the caller can refuse it a second time.
import QRCode from "qrcode";
import { Secret, TOTP } from "otpauth";

export const TOTP_PARAMS = { algorithm: "SHA1", digits: 6, period: 30 } as const;
/** Steps accepted either side of now: ±30 s of drift between the phone and the server. */
export const TOTP_WINDOW = 1;
/** 160 bits, the HMAC-SHA-1 block RFC 4226 recommends. */
const SECRET_BYTES = 20;

export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The otpauth:// URI authenticator apps scan (Key Uri Format). */
export function otpauthUri(secret: string, issuer: string, account: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secret), ...TOTP_PARAMS }).toString();
}

export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The time step `code` belongs to, within TOTP_WINDOW of `now`; undefined when it matches none. */
export function matchTotpStep(secret: string, code: string, now: Date): number | undefined {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), ...TOTP_PARAMS });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  return delta === null ? undefined : totp.counter({ timestamp: now.getTime() }) + delta;
}
