import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ejs from "ejs";

// The package's own templates/ folder: three levels up from both src/runtime/mail (tests)
// and dist/runtime/mail (the published build), so the shipped defaults are always found.
export const SHIPPED_TEMPLATES = fileURLToPath(new URL("../../../templates/", import.meta.url));
export const SHIPPED_EMAIL_TEMPLATES = `${SHIPPED_TEMPLATES}email/`;
export const SHIPPED_PAGE_TEMPLATES = `${SHIPPED_TEMPLATES}pages/`;

/** A template that cannot be read, compiled or rendered; the message names the file (and setting). */
export class TemplateError extends Error {
  override name = "TemplateError";
}

export type RenderTemplate = (context: object) => string;

export interface CompileOptions {
  /** Plain text and subjects are not HTML: escaping would turn "&" into "&amp;" in the email. */
  escapeHtml: boolean;
  /** Where `include()` looks when the file has no such partial beside it (the shipped ones). */
  includeDir: string;
  /** Prefixed to errors so the message says which setting pointed at the file. */
  label: string;
}

/**
 * Reads and compiles one EJS file now, so a missing or broken template fails at boot. Synchronous
 * on purpose: it runs once while the plugin registers, before any request.
 */
export function compileTemplateFile(file: string, options: CompileOptions): RenderTemplate {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    throw new TemplateError(`${options.label}${file}: cannot read the template (${(error as Error).message})`);
  }
  try {
    const render = ejs.compile(source, {
      filename: file,
      views: [options.includeDir],
      async: false,
      ...(options.escapeHtml ? {} : { escape: String }),
    });
    return (context) => {
      try {
        return render(context);
      } catch (error) {
        throw new TemplateError(`${options.label}${file}: ${(error as Error).message}`);
      }
    };
  } catch (error) {
    throw new TemplateError(`${options.label}${file}: cannot compile the template (${(error as Error).message})`);
  }
}
