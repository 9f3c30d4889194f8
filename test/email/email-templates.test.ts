// The email templates: shipped defaults, JWT_ALLAUTH_TEMPLATES overrides with their text
// alternative beside them, and boot-time failures that name the broken file.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEmailTemplates } from "../../src/runtime/mail/email-templates.js";

const recipient = { email: "ada@example.com", firstName: "Ada & <Co>", lastName: "L", publicUrl: "https://app.example.com" };
const linkContext = { ...recipient, link: "https://app.example.com/x?token=abc&y=1", expiresIn: "3 days" };

describe("shipped email templates", () => {
  it("render subject, HTML and text for every email, with the link and its expiry", async () => {
    const templates = loadEmailTemplates({});
    const verification = templates.render("emailVerification", linkContext);
    expect(verification.subject).toBe("Confirm your email address");
    expect(verification.text).toContain("https://app.example.com/x?token=abc&y=1");
    expect(verification.text).toContain("expires in 3 days");
    expect(verification.text).toContain("Hi Ada & <Co>,");
    expect(verification.html).toContain('href="https://app.example.com/x?token=abc&amp;y=1"');
    expect(verification.html).toContain("Hi Ada &amp; &lt;Co&gt;,");
    expect(verification.html).toContain('<html lang="en">');

    const reset = templates.render("passwordReset", linkContext);
    expect(reset.subject).toBe("Reset your password");
    expect(reset.text).toContain("expires in 3 days");
    expect(reset.html).toContain("Choose a new password</a>");

    const exists = templates.render("accountExists", { ...recipient, emailVerified: true, link: "", expiresIn: "" });
    expect(exists.subject).toBe("You already have an account");
    expect(exists.text).toContain("already has an account");
    expect(exists.text).not.toContain("Nobody has proved yet");
    expect(exists.html).not.toContain("token=");
    // Unverified: a password reset link, never "ask for a new confirmation email" (issue 8, pre-account takeover).
    const unconfirmed = templates.render("accountExists", { ...linkContext, emailVerified: false });
    expect(unconfirmed.text).toContain("Nobody has proved yet that this address belongs to the account");
    expect(unconfirmed.text).toContain("https://app.example.com/x?token=abc&y=1");
    expect(unconfirmed.html).toContain("Choose a new password</a>");
    expect(unconfirmed.text).not.toMatch(/confirmation email/);
  });
});

describe("template overrides", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "jwt-allauth-templates-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const write = (name: string, content: string) => writeFile(path.join(dir, name), content);

  it("replace subject, HTML and the .txt.ejs beside it, resolved from the working directory", async () => {
    await write("subject.txt.ejs", "Welcome aboard, <%= firstName %>\n");
    await write("verify.html.ejs", "<p>Click <a href=\"<%= link %>\">here</a></p><%- include('_button.html.ejs', { href: link, label: 'Go' }) %>");
    await write("verify.txt.ejs", "Open <%= link %> within <%= expiresIn %>");
    const templates = loadEmailTemplates(
      { EMAIL_VERIFICATION_SUBJECT: "subject.txt.ejs", EMAIL_VERIFICATION: "verify.html.ejs" },
      dir,
    );
    const email = templates.render("emailVerification", linkContext);
    // One line even though the template ends with a newline: it becomes a header.
    expect(email.subject).toBe("Welcome aboard, Ada & <Co>");
    expect(email.html).toContain('<p>Click <a href="https://app.example.com/x?token=abc&amp;y=1">here</a></p>');
    // A shipped partial is found even though the project did not copy it.
    expect(email.html).toContain(">Go</a>");
    expect(email.text).toBe("Open https://app.example.com/x?token=abc&y=1 within 3 days");
    // The others keep their defaults.
    expect(templates.render("passwordReset", linkContext).subject).toBe("Reset your password");
  });

  it("fail at boot naming the setting and the file when the override has a syntax error", async () => {
    await write("broken.html.ejs", "<p><%= link </p>");
    await write("broken.txt.ejs", "<%= link %>");
    const file = path.join(dir, "broken.html.ejs");
    expect(() => loadEmailTemplates({ PASS_RESET_EMAIL: file })).toThrow(`JWT_ALLAUTH_TEMPLATES.PASS_RESET_EMAIL: ${file}`);
  });

  it("fail at boot when an override uses an unknown variable or a missing include", async () => {
    await write("unknown.html.ejs", "<p><%= resetCode %></p>");
    await write("unknown.txt.ejs", "<%= link %>");
    expect(() => loadEmailTemplates({ ACCOUNT_EXISTS_EMAIL: "unknown.html.ejs" }, dir)).toThrow(
      /ACCOUNT_EXISTS_EMAIL: .*unknown\.html\.ejs: .*resetCode is not defined/s,
    );
    await write("include.html.ejs", "<%- include('_missing.html.ejs') %>");
    await write("include.txt.ejs", "<%= link %>");
    expect(() => loadEmailTemplates({ EMAIL_VERIFICATION: "include.html.ejs" }, dir)).toThrow(/include\.html\.ejs: .*_missing/s);
  });

  it("fail at boot when the file or its text alternative is missing, or the name has no .html", async () => {
    expect(() => loadEmailTemplates({ PASS_RESET_SUBJECT: "nope.txt.ejs" }, dir)).toThrow(
      `JWT_ALLAUTH_TEMPLATES.PASS_RESET_SUBJECT: ${path.join(dir, "nope.txt.ejs")}: cannot read`,
    );
    await write("lonely.html.ejs", "<p><%= link %></p>");
    expect(() => loadEmailTemplates({ PASS_RESET_EMAIL: "lonely.html.ejs" }, dir)).toThrow(
      `JWT_ALLAUTH_TEMPLATES.PASS_RESET_EMAIL: ${path.join(dir, "lonely.txt.ejs")}: cannot read`,
    );
    await write("reset.ejs", "<p><%= link %></p>");
    expect(() => loadEmailTemplates({ PASS_RESET_EMAIL: "reset.ejs" }, dir)).toThrow(/must end in \.html\.ejs/);
  });

  it("fail at boot when a subject renders empty", async () => {
    await write("empty.txt.ejs", "<% if (false) { %>x<% } %>\n");
    expect(() => loadEmailTemplates({ ACCOUNT_EXISTS_SUBJECT: "empty.txt.ejs" }, dir)).toThrow(/empty\.txt\.ejs: renders an empty subject/);
  });
});
