// The main flow a client goes through, against the real jwt-allauth routes and a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.js";

describe("authentication flow", () => {
  let test: TestApp;
  // Verification off here, so registration answers with tokens straight away.
  beforeAll(async () => {
    test = await createTestApp({ EMAIL_VERIFICATION: "false" });
  });
  afterAll(() => test.close());

  const post = (url: string, payload: object, access?: string) =>
    test.app.inject({ method: "POST", url, payload, headers: access ? { authorization: `Bearer ${access}` } : {} });
  const get = (url: string, access?: string) =>
    test.app.inject({ method: "GET", url, headers: access ? { authorization: `Bearer ${access}` } : {} });

  it("registers, logs in, reads the user, refreshes and logs out", async () => {
    const credentials = { email: "ada@example.com", password: "analytical-engine-1843" };

    const registered = await post("/jwt-allauth/registration/", credentials);
    expect(registered.statusCode).toBe(201);
    expect(registered.json().user.email).toBe(credentials.email);

    const login = await post("/jwt-allauth/login/", credentials);
    expect(login.statusCode).toBe(200);
    const { access, refresh } = login.json();

    const user = await get("/jwt-allauth/user/", access);
    expect(user.statusCode).toBe(200);
    expect(user.json()).toMatchObject({ email: credentials.email, emailVerified: false });

    const hello = await get("/hello", access);
    expect(hello.statusCode).toBe(200);
    expect(hello.json().userId).toBe(user.json().id);

    const refreshed = await post("/jwt-allauth/refresh/", { refresh });
    expect(refreshed.statusCode).toBe(200);
    const rotated = refreshed.json();
    expect(rotated.refresh).not.toBe(refresh);

    const logout = await post("/jwt-allauth/logout/", { refresh: rotated.refresh });
    expect(logout.statusCode).toBe(200);

    // The session is over: its refresh token no longer works.
    const afterLogout = await post("/jwt-allauth/refresh/", { refresh: rotated.refresh });
    expect(afterLogout.statusCode).toBe(401);
  });

  it("refuses a protected route without a valid access token", async () => {
    const missing = await get("/hello");
    expect(missing.statusCode).toBe(401);
    expect(missing.json().code).toBe("token_not_valid");

    const forged = await get("/hello", "not.a.token");
    expect(forged.statusCode).toBe(401);
  });
});
