// What the benchmark knows about a server under test: how to start it on a provider, and how its
// clients log in and refresh. Each stack is data plus a start function; scenarios.ts says what
// is measured on which.
import type { Provider } from "../../test/support/prisma-clients.js";
import type { Server } from "../support/servers.js";

/** What a login or refresh hands back: bearer tokens, or a session cookie. */
export interface Credentials {
  access?: string;
  refresh?: string;
  cookie?: string;
}

export interface Exchange {
  path: string;
  body(input: { email: string; password: string; refresh: string }): string;
  /** Null when the answer carries no credentials (a failed request). */
  read(status: number, body: string, headers: Record<string, string | string[]>): Credentials | null;
}

export interface Stack {
  name: string;
  start(provider: Provider): Promise<Server>;
  login?: Exchange;
  refresh?: Exchange;
}

/** Access and refresh token pairs in a JSON body, as jwt-allauth and simplejwt answer. */
export function tokenPair(status: number, body: string): Credentials | null {
  if (status !== 200) return null;
  const { access, refresh } = JSON.parse(body) as Credentials;
  return { access, refresh };
}

export const authorization = (credentials: Credentials): Record<string, string> =>
  credentials.cookie ? { cookie: credentials.cookie } : { authorization: `Bearer ${credentials.access}` };
