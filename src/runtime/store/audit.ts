import type { PrismaClientLike } from "./prisma.js";

/** The core's events; a feature's own are prefixed with its name (`mfa.activated`), so none collide. */
export type AuditEventType = "refresh_token_reuse" | "password_changed" | "password_reset" | "logout_all" | "reauthenticated" | `${string}.${string}`;

export interface AuditEvent {
  type: AuditEventType;
  userId: string | null;
  sessionId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditStore {
  recordAuditEvent(event: AuditEvent): Promise<void>;
}

export function createAuditStore(prisma: PrismaClientLike): AuditStore {
  return {
    async recordAuditEvent({ detail, ...event }) {
      await prisma.auditEvent.create({ data: { ...event, detail: detail === undefined ? null : JSON.stringify(detail) } });
    },
  };
}
