// The Store: every database operation the runtime performs, as domain verbs. Each area lives in
// its own file; this one composes them over the project's Prisma client.
import type { OneTimeTokenStore } from "../one-time-tokens.js";
import { createAuditStore, type AuditStore } from "./audit.js";
import { createOneTimeTokenStore } from "./one-time-tokens.js";
import type { PrismaClientLike } from "./prisma.js";
import { createSessionStore, type SessionStore } from "./sessions.js";
import { createUserStore, type UserStore } from "./users.js";

export type { ModelDelegate, PrismaClientLike } from "./prisma.js";
export type * from "./records.js";

export interface Store extends UserStore, SessionStore, AuditStore, OneTimeTokenStore {}

export function createStore(prisma: PrismaClientLike): Store {
  return {
    ...createUserStore(prisma),
    ...createSessionStore(prisma),
    ...createAuditStore(prisma),
    ...createOneTimeTokenStore(prisma),
  };
}
