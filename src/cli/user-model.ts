// The contact points between the package's models and the user's schema: relation fields on the
// user's `model User`, and model names that must not clash. A schema we cannot read this way is
// refused, never guessed at.
import type { SchemaFile } from "./project.js";
import { CliError } from "./errors.js";

const USER_MODEL = /^model\s+User\s*\{[^\n]*\n/gm;

/** The user's files with the fields missing from `model User` added before its closing brace. */
export function addUserFields(files: readonly SchemaFile[], fields: readonly string[]): SchemaFile[] {
  const matches = files.flatMap((file) => [...file.content.matchAll(USER_MODEL)].map((match) => ({ file, start: match.index! + match[0].length })));
  if (matches.length !== 1) {
    throw new CliError(
      `cannot add the relation fields ${fields.map((field) => `"${field.split(/\s+/)[0]}"`).join(", ")}: expected one "model User {" in prisma/schema/*.prisma, found ${matches.length}`,
    );
  }
  const [{ file, start }] = matches as [(typeof matches)[number]];
  const end = file.content.indexOf("\n}", start - 1);
  if (end < 0) throw new CliError(`cannot find where "model User {" ends in ${file.path} (its closing brace must start a line)`);
  const body = file.content.slice(start, end);
  const missing = fields.filter((field) => {
    const [name] = field.split(/\s+/);
    const existing = new RegExp(`^[ \\t]*${name}[ \\t][^\\n]*`, "m").exec(body)?.[0];
    if (existing === undefined) return true;
    // The same field (spacing aside) is fine; the same name with another type cannot be merged.
    if (normalize(existing) !== normalize(field)) throw new CliError(`${file.path}: User.${name} exists but is not "${normalize(field)}"; rename yours first`);
    return false;
  });
  if (missing.length === 0) return files.slice();
  const insertion = missing.map((field) => `\n  ${field}`).join("");
  const changed = { path: file.path, content: file.content.slice(0, end) + insertion + file.content.slice(end) };
  return files.map((candidate) => (candidate === file ? changed : candidate));
}

const normalize = (line: string) => line.trim().split(/\s+/).join(" ");

/** Refuses when the user already has a model the package is about to add. */
export function assertNoModelClash(files: readonly SchemaFile[], models: readonly string[]): void {
  for (const model of models) {
    const owner = files.find((file) => new RegExp(`^model\\s+${model}\\s*\\{`, "m").test(file.content));
    if (owner) throw new CliError(`${owner.path} already has a model ${model}, which jwt-allauth needs for itself: rename yours first`);
  }
}
