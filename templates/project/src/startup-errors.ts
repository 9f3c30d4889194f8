// A boot failure the user can fix becomes one line that names the setting and the fix, instead
// of a stack trace: a port in use, a SQLite folder that does not exist, a database that does not
// answer. Anything else keeps its stack, because then the bug is ours.
import path from "node:path";
import type { ProjectSettings } from "./settings.js";

/** A failed app.listen(); undefined when it is not a mistake in the settings. */
export function describeListenError(error: unknown, { host, port }: ProjectSettings): string | undefined {
  switch ((error as NodeJS.ErrnoException).code) {
    case "EADDRINUSE":
      return `PORT ${port} is already in use on ${host}: stop the other server, or set another PORT in .env`;
    case "EACCES":
      return `PORT ${port}: this user may not listen there (ports below 1024 need privileges); set PORT=3000 in .env`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return `HOST ${host} is not an address of this machine: use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`;
    default:
      return undefined;
  }
}

/** A database that could not be opened at boot: always the settings or the environment. */
export function describeDatabaseError(error: unknown, databaseUrl: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/directory does not exist/i.test(message)) {
    const folder = path.dirname(databaseUrl.replace(/^file:/, ""));
    return `DATABASE_URL="${databaseUrl}": the folder ${folder} does not exist; create it (mkdir -p ${folder}) or point DATABASE_URL at an existing folder`;
  }
  // Prisma wraps the driver's words in a multi-line message; the driver's sentence is the cause.
  const reason = /Message: `([^`]*)`/.exec(message)?.[1] ?? message.trim().split("\n").at(-1);
  return `DATABASE_URL="${withoutPassword(databaseUrl)}": cannot open the database (${reason}); check that it is running and that the URL in .env is right`;
}

/** The password of a database URL must not reach a terminal or a log collector. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}
