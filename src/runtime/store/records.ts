// The rows the store hands to the domain modules: plain data, no Prisma types.

export interface UserRecord {
  id: string;
  email: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  emailVerified: boolean;
  isActive: boolean;
}

export type SessionRevokedReason =
  | "logout"
  | "logout_all"
  | "revoked"
  | "password_changed"
  | "password_reset"
  | "reuse_detected"
  | "user_inactive"
  /** The address was verified: sessions opened before may be a pre-registering attacker's. */
  | "email_verified"
  /** Too many wrong current passwords on /password/change/: the access token is likely stolen. */
  | "password_guessing";

export interface DeviceInfo {
  ip: string;
  userAgent: string;
  browser: string;
  os: string;
  device: string;
}

/** The claims of a session's current refresh token, which re-create it byte for byte. */
export interface RefreshTokenState {
  jti: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface SessionRecord extends DeviceInfo, RefreshTokenState {
  id: string;
  userId: string;
  previousJti: string | null;
  rotatedAt: Date | null;
  createdAt: Date;
  lastUsedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}
