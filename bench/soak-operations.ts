// The soak's client side: a pool of users and the operations a real client mix is made of, each
// through the load balancer from its own address (X-Forwarded-For), as many users would come.
import { call, PASSWORD, post, refresh, register, type Answer, type Tokens } from "../test/scale/support/client.js";

export interface User extends Tokens {
  email: string;
  /** One operation at a time per user, as one device does. */
  busy: boolean;
  logins: number;
}

export type Operation = "hello" | "user" | "refresh" | "login" | "logout" | "registration";

export interface Outcome {
  operation: Operation;
  ms: number;
  ok: boolean;
  detail?: string;
}

/** One operation for `user` (registration adds a new user to `users`); resolves with its outcomes. */
export async function perform(base: string, operation: Operation, user: User, users: User[]): Promise<Outcome[]> {
  const timed = async (name: Operation, run: () => Promise<Answer>, expected: number): Promise<Outcome> => {
    const started = performance.now();
    try {
      const answer = await run();
      const ok = answer.status === expected;
      return { operation: name, ms: performance.now() - started, ok, detail: ok ? undefined : `${answer.status} ${JSON.stringify(answer.body)}` };
    } catch (error) {
      return { operation: name, ms: performance.now() - started, ok: false, detail: (error as Error).message };
    }
  };
  // As a real client does: refresh shortly before the access token expires (5 min by default),
  // instead of sending an expired one.
  if ((operation === "hello" || operation === "user") && expiresWithin(user.access, 30_000)) operation = "refresh";
  switch (operation) {
    case "hello":
      return [await timed("hello", () => call(base, "GET", "/hello", { access: user.access }), 200)];
    case "user":
      return [await timed("user", () => call(base, "GET", "/jwt-allauth/user/", { access: user.access }), 200)];
    case "refresh":
      return [await timed("refresh", async () => keep(user, await refresh(base, user.refresh)), 200)];
    case "registration":
      return [await timed("registration", async () => {
        const created = await register(base);
        users.push({ ...created, busy: false, logins: 0 });
        return { status: 201, body: {}, instance: "" };
      }, 201)];
    default: {
      // A new login on this device, then the old session logged out: sessions stay one per user.
      const previous = user.refresh;
      user.logins++;
      const login = await timed("login", async () => keep(user, await post<Tokens>(base, "/login/", { email: user.email, password: PASSWORD })), 200);
      if (!login.ok) return [login];
      return [login, await timed("logout", () => post(base, "/logout/", { refresh: previous }), 200)];
    }
  }
}

function expiresWithin(token: string, ms: number): boolean {
  const { exp } = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { exp: number };
  return exp * 1000 - Date.now() < ms;
}

function keep(user: User, answer: Answer<Tokens>): Answer {
  if (answer.status === 200) Object.assign(user, { access: answer.body.access, refresh: answer.body.refresh });
  return answer as unknown as Answer;
}
