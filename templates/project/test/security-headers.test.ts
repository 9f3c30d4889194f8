// Every response carries jwt-allauth's security headers; over plain http (development) neither
// HSTS nor upgrade-insecure-requests, which would make Safari refuse http://localhost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./support/app.js";

describe("security headers over http", () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp({ PUBLIC_URL: "http://localhost:3000" });
  });
  afterAll(() => test.close());

  it.each(["/health", "/no-such-route", "/hello", "/docs/"])("GET %s", async (url) => {
    const response = await test.app.inject({ method: "GET", url });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["content-security-policy"]).toBeTruthy();
    expect(response.headers["content-security-policy"]).not.toContain("upgrade-insecure-requests");
    expect(response.headers["strict-transport-security"]).toBeUndefined();
  });
});
