// Everything a route handler needs, built once per plugin registration.
import type { FastifyBaseLogger } from "fastify";
import { createAccountEmails, type AccountEmails } from "./account-emails.js";
import type { Mailer } from "./mail/mailer.js";
import { systemClock, type Clock } from "./clock.js";
import { createPasswords, type Passwords } from "./passwords.js";
import { createSessions, type Sessions } from "./sessions.js";
import type { Settings } from "./settings.js";
import { createStore, type PrismaClientLike, type Store } from "./store/index.js";
import { createTokens, type Tokens } from "./tokens.js";

export interface Services {
  settings: Settings;
  store: Store;
  tokens: Tokens;
  sessions: Sessions;
  passwords: Passwords;
  emails: AccountEmails;
  clock: Clock;
}

export interface ServiceOptions {
  prisma: PrismaClientLike;
  settings: Settings;
  mailer: Mailer | undefined;
  log: FastifyBaseLogger;
}

export function createServices({ prisma, settings, mailer, log }: ServiceOptions): Services {
  const clock = systemClock;
  const store = createStore(prisma);
  const tokens = createTokens(settings.jwt);
  return {
    settings,
    store,
    tokens,
    sessions: createSessions({ settings, store, tokens, clock }),
    passwords: createPasswords(),
    emails: createAccountEmails({ settings, store, log, mailer, clock }),
    clock,
  };
}
