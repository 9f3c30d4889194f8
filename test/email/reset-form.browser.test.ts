// The default password reset form in a real headless Chromium: opened from the link of a real
// email, typed into, submitted to the real API, under the page's strict CSP.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, launchChromium } from "./support/chromium.js";
import { buildEmailApp, freePort, linkIn, type EmailApp } from "./support/email-app.js";
import { login, register } from "./support/flows.js";
import { startTestSmtpServer, type TestSmtpServer } from "./support/smtp-server.js";

const NEW_PASSWORD = "a brand new passphrase";

describe("password reset form in Chromium (SQLite)", () => {
  let browser: Browser;
  let smtp: TestSmtpServer;
  let server: EmailApp;
  let publicUrl: string;
  let page: Page;
  let cspViolations: string[];
  let counter = 0;

  /** Registers a user, asks for a reset over HTTP and returns the link from the email. */
  const resetLink = async () => {
    const email = `browser${++counter}@example.com`;
    await register(server.app, email);
    await fetch(`${publicUrl}/jwt-allauth/password/reset/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email }),
    });
    return { email, link: linkIn((await smtp.waitForMail(email)).mail, `${publicUrl}/jwt-allauth/password/reset/default/?token=`) };
  };
  const fillAndSubmit = async (password: string, confirmation = password) => {
    await page.getByLabel("New password", { exact: true }).fill(password);
    await page.getByLabel("Repeat new password").fill(confirmation);
    await page.getByRole("button", { name: "Set new password" }).click();
  };
  const alertText = () => page.locator("#message").textContent();

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    server = await buildEmailApp({ provider: "sqlite", smtpPort: smtp.port, listenPort: port, env: { PUBLIC_URL: publicUrl } });
    browser = await launchChromium();
  });
  afterEach(async () => {
    await page?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  const open = async (url: string, colorScheme: "light" | "dark" = "light") => {
    page = await browser.newPage({ colorScheme, viewport: { width: 420, height: 760 } });
    cspViolations = [];
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) cspViolations.push(message.text());
    });
    await page.goto(url);
  };

  it("sets the new password from the emailed link and shows success", async () => {
    const { email, link } = await resetLink();
    await open(link);
    await expect.poll(() => page.title()).toBe("Choose a new password");
    await fillAndSubmit(NEW_PASSWORD);
    await page.getByRole("heading", { name: "Password changed" }).waitFor();
    expect(await page.getByRole("status").textContent()).toContain("every device was signed out");
    await page.screenshot({ path: path.join(ARTIFACTS, "password-reset-success.png"), fullPage: true });
    expect(cspViolations).toEqual([]);
    expect((await login(server.app, email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it("catches a mismatch and a short password before sending, and shows the API's error for a common one", async () => {
    const { email, link } = await resetLink();
    await open(link, "dark");
    await fillAndSubmit(NEW_PASSWORD, `${NEW_PASSWORD}!`);
    expect(await alertText()).toBe("The two passwords do not match.");
    expect(await page.getByLabel("Repeat new password").getAttribute("aria-invalid")).toBe("true");
    await fillAndSubmit("short");
    expect(await alertText()).toBe("The password must have at least 8 characters.");
    await fillAndSubmit("password123");
    await expect.poll(alertText).toBe("This password is too common");
    await page.screenshot({ path: path.join(ARTIFACTS, "password-reset-error-dark.png"), fullPage: true });
    // None of the refusals used the token.
    await fillAndSubmit(NEW_PASSWORD);
    await page.getByRole("heading", { name: "Password changed" }).waitFor();
    expect((await login(server.app, email, NEW_PASSWORD)).statusCode).toBe(200);
    expect(cspViolations).toEqual([]);
  });

  it("works from the link without its trailing slash", async () => {
    const { email, link } = await resetLink();
    await open(link.replace("/default/?", "/default?"));
    await fillAndSubmit(NEW_PASSWORD);
    await page.getByRole("heading", { name: "Password changed" }).waitFor();
    expect((await login(server.app, email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it("says at once that a used link was used, and emails a new link from the same page", async () => {
    const { email, link } = await resetLink();
    await open(link);
    await fillAndSubmit(NEW_PASSWORD);
    await page.getByRole("heading", { name: "Password changed" }).waitFor();
    await page.goto(link);
    // No form to fill in first: the page says why, before any typing.
    await page.getByRole("heading", { name: "This reset link has already been used" }).waitFor();
    expect(await page.getByLabel("New password", { exact: true }).count()).toBe(0);
    const before = smtp.messages.length;
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a new link" }).click();
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
    expect(await page.locator("#sent-message").textContent()).toBe("If an account uses this address, a password reset email is on its way.");
    await expect.poll(() => smtp.messages.length).toBe(before + 1);
    expect(cspViolations).toEqual([]);
  });

  it("explains an incomplete link instead of showing a form that cannot work, and offers a new one", async () => {
    for (const url of [`${publicUrl}/jwt-allauth/password/reset/default/`, `${publicUrl}/jwt-allauth/password/reset/default?token=abc`]) {
      await open(url);
      await page.getByRole("heading", { name: "This reset link is not valid" }).waitFor();
      expect(await page.getByRole("button", { name: "Email me a new link" }).isVisible()).toBe(true);
      // Without the trailing slash too, the request goes to the reset route.
      await page.getByLabel("Email address").fill("nobody@example.com");
      await page.getByRole("button", { name: "Email me a new link" }).click();
      await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
      await page.close();
    }
  });
});
