import path from "node:path";
import type { EmailTemplatePaths } from "../settings.js";
import { compileTemplateFile, SHIPPED_EMAIL_TEMPLATES, TemplateError, type RenderTemplate } from "./template-files.js";

/** A key of JWT_ALLAUTH_TEMPLATES; its value is a project file, relative to the working directory. */
type TemplateSettingKey = keyof EmailTemplatePaths;

interface Recipient {
  email: string;
  firstName: string;
  lastName: string;
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
}
interface LinkEmail extends Recipient {
  link: string;
  /** "3 days", "1 hour". */
  expiresIn: string;
}
interface AccountExistsEmail extends LinkEmail {
  /**
   * False when the existing account never confirmed its address. `link` is then a password reset
   * link (the account may be someone else's pre-registration); "" when verified.
   */
  emailVerified: boolean;
}
/** The variables each email's templates (subject, HTML, text) can use. */
export interface EmailContexts {
  emailVerification: LinkEmail;
  passwordReset: LinkEmail;
  accountExists: AccountExistsEmail;
}
export type EmailKind = keyof EmailContexts;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailTemplates {
  render<K extends EmailKind>(kind: K, context: EmailContexts[K]): RenderedEmail;
}

const FILES: Record<EmailKind, { subjectKey: TemplateSettingKey; bodyKey: TemplateSettingKey; defaultName: string }> = {
  emailVerification: { subjectKey: "EMAIL_VERIFICATION_SUBJECT", bodyKey: "EMAIL_VERIFICATION", defaultName: "email-verification" },
  passwordReset: { subjectKey: "PASS_RESET_SUBJECT", bodyKey: "PASS_RESET_EMAIL", defaultName: "password-reset" },
  accountExists: { subjectKey: "ACCOUNT_EXISTS_SUBJECT", bodyKey: "ACCOUNT_EXISTS_EMAIL", defaultName: "account-exists" },
};

const SAMPLE_RECIPIENT: Recipient = { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", publicUrl: "https://example.com" };
const SAMPLE_LINK: LinkEmail = { ...SAMPLE_RECIPIENT, link: "https://example.com/link?token=sample", expiresIn: "1 hour" };
const SAMPLES: EmailContexts = {
  emailVerification: SAMPLE_LINK,
  passwordReset: SAMPLE_LINK,
  accountExists: { ...SAMPLE_LINK, emailVerified: false },
};

/**
 * An override's plain-text alternative lives beside it: `welcome.html.ejs` -> `welcome.txt.ejs`
 * (`welcome.html` -> `welcome.txt`). Requiring the pair keeps every email readable by text-only
 * clients and out of spam filters that penalise HTML-only mail.
 */
export function textAlternativeOf(htmlFile: string, label: string): string {
  const text = htmlFile.replace(/\.html(\.ejs)?$/, ".txt$1");
  if (text === htmlFile) {
    throw new TemplateError(`${label}${htmlFile}: must end in .html.ejs, so its plain-text alternative (.txt.ejs beside it) can be found`);
  }
  return text;
}

/**
 * Compiles every email template (the shipped defaults or the JWT_ALLAUTH_TEMPLATES overrides)
 * and renders each once with sample values, so a missing file, a syntax error, a bad include or
 * an unknown variable stops the boot with the file named instead of failing the first real email.
 */
export function loadEmailTemplates(overrides: EmailTemplatePaths, cwd = process.cwd()): EmailTemplates {
  const compiled = {} as Record<EmailKind, { subject: RenderTemplate; html: RenderTemplate; text: RenderTemplate }>;
  for (const kind of Object.keys(FILES) as EmailKind[]) {
    const { subjectKey, bodyKey, defaultName } = FILES[kind];
    const subjectFile = fileFor(overrides, subjectKey, cwd) ?? `${SHIPPED_EMAIL_TEMPLATES}${defaultName}-subject.txt.ejs`;
    const htmlFile = fileFor(overrides, bodyKey, cwd) ?? `${SHIPPED_EMAIL_TEMPLATES}${defaultName}.html.ejs`;
    const subjectLabel = labelFor(overrides, subjectKey);
    const bodyLabel = labelFor(overrides, bodyKey);
    const textFile = textAlternativeOf(htmlFile, bodyLabel);
    const common = { includeDir: SHIPPED_EMAIL_TEMPLATES };
    compiled[kind] = {
      subject: compileTemplateFile(subjectFile, { ...common, escapeHtml: false, label: subjectLabel }),
      html: compileTemplateFile(htmlFile, { ...common, escapeHtml: true, label: bodyLabel }),
      text: compileTemplateFile(textFile, { ...common, escapeHtml: false, label: bodyLabel }),
    };
    const sample = renderEmail(compiled[kind], SAMPLES[kind]);
    if (!sample.subject) throw new TemplateError(`${subjectLabel}${subjectFile}: renders an empty subject`);
  }
  return {
    render: (kind, context) => renderEmail(compiled[kind], context),
  };
}

function renderEmail(
  templates: { subject: RenderTemplate; html: RenderTemplate; text: RenderTemplate },
  context: object,
): RenderedEmail {
  return {
    // One line: a subject template's trailing newline or a user's name with line breaks
    // must never become extra headers or a broken Subject.
    subject: templates.subject(context).replace(/\s+/g, " ").trim(),
    html: templates.html(context),
    text: templates.text(context),
  };
}

function fileFor(overrides: EmailTemplatePaths, key: TemplateSettingKey, cwd: string): string | undefined {
  const file = overrides[key];
  return file ? path.resolve(cwd, file) : undefined;
}

function labelFor(overrides: EmailTemplatePaths, key: TemplateSettingKey): string {
  return overrides[key] ? `JWT_ALLAUTH_TEMPLATES.${key}: ` : "";
}
