// What is measured, as data: one row per route and stack, in the order each round runs them (so
// every stack is measured in every round, interleaved). Logins fill the credential pools that the
// protected routes and refresh chains then use.
import { benchEmail, PASSWORD, USERS } from "./fixtures.js";
import type { LoadRequest } from "./support/load.js";
import type { Server } from "./support/servers.js";
import { authorization, type Credentials, type Stack } from "./stacks/stack.js";

export interface StackState {
  stack: Stack;
  server: Server;
  /** Signed-in users whose access token or cookie the protected routes send, round robin. */
  signedIn: Credentials[];
  /** Refresh tokens never sent yet (from logins and rotations): the next refresh takes the newest. */
  unused: Credentials[];
}

export interface Scenario {
  id: string;
  stack: string;
  title: string;
  /** Logins run on 8 connections, as the raw argon2id ceiling they are compared with (default 50). */
  connections?: number;
  request(state: StackState): LoadRequest;
}

const get = (path: string, auth = false) => (state: StackState): LoadRequest => {
  if (auth && state.signedIn.length === 0) throw new Error(`${state.stack.name}: no login succeeded, so ${path} has no credentials`);
  let next = 0;
  return { method: "GET", path, headers: auth ? () => authorization(state.signedIn[next++ % state.signedIn.length]!) : undefined };
};

export const login = (state: StackState): LoadRequest => {
  const exchange = state.stack.login!;
  let next = 0;
  return {
    method: "POST",
    path: exchange.path,
    body: () => exchange.body({ email: benchEmail(next++ % USERS), password: PASSWORD, refresh: "" }),
    onResponse(status, body, headers) {
      const credentials = exchange.read(status, body, headers);
      if (!credentials) return;
      if (state.signedIn.length < USERS) state.signedIn.push(credentials);
      if (credentials.refresh) state.unused.push(credentials);
    },
  };
};

/**
 * Each refresh sends an unused token and puts the rotated one back, so every token is sent exactly
 * once and the chains go on across connections and rounds. (autocannon clears a connection's
 * context after each request, so a chain cannot live there.)
 */
const refresh = (state: StackState): LoadRequest => {
  const exchange = state.stack.refresh!;
  return {
    method: "POST",
    path: exchange.path,
    body: () => exchange.body({ email: "", password: "", refresh: String(state.unused.pop()?.refresh) }),
    onResponse(status, body, headers) {
      const next = exchange.read(status, body, headers);
      if (next) state.unused.push(next);
    },
  };
};

export const SCENARIOS: Scenario[] = [
  { id: "bare", stack: "bare", title: "bare Fastify `GET /`", request: get("/") },
  { id: "health", stack: "ours", title: "jwt-allauth `GET /health` (no auth)", request: get("/health") },
  { id: "hello", stack: "ours", title: "jwt-allauth `GET /hello` (`app.authenticate`)", request: get("/hello", true) },
  { id: "user", stack: "ours", title: "jwt-allauth `GET /jwt-allauth/user/` (one read)", request: get("/jwt-allauth/user/", true) },
  { id: "login", stack: "ours", title: "jwt-allauth login", connections: 8, request: login },
  { id: "refresh", stack: "ours", title: "jwt-allauth refresh (rotation)", request: refresh },
  { id: "ba-session", stack: "better-auth", title: "better-auth `getSession` (database per request)", request: get("/session", true) },
  { id: "ba-login", stack: "better-auth", title: "better-auth sign-in", connections: 8, request: login },
  { id: "dj-hello", stack: "django", title: "Django + simplejwt `GET /hello` (stateless)", request: get("/hello", true) },
  { id: "dj-user", stack: "django", title: "Django + simplejwt `GET /user/` (one read)", request: get("/user/", true) },
  { id: "dj-login", stack: "django", title: "Django + simplejwt login", connections: 8, request: login },
  { id: "dj-refresh", stack: "django", title: "Django + simplejwt refresh (rotation, blacklist)", request: refresh },
];
