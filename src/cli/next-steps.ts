import path from "node:path";
import type { ProjectContext } from "./context.js";

/** The commands that take a fresh project to a running server, in order. */
export function nextSteps(context: ProjectContext, projectDir: string, cwd: string, installed: boolean): string[] {
  const relative = path.relative(cwd, projectDir);
  return [
    ...(relative === "" ? [] : [`cd ${relative.includes(" ") ? JSON.stringify(relative) : relative}`]),
    ...(installed ? [] : [context.commands.install]),
    `${context.commands.exec} prisma migrate dev`,
    `${context.commands.run} dev`,
  ];
}

/** What must be running, or where to look, for those commands to work: one line each. */
export function prerequisites(context: ProjectContext): string[] {
  return [
    ...(context.db === "postgresql"
      ? [`PostgreSQL must be running at the DATABASE_URL in .env (${context.defaultDatabaseUrl}); \`docker compose -f compose.dev.yaml up -d\` starts one.`]
      : []),
    ...(context.email
      ? [
          "Verification and reset emails are printed in the terminal of `" + `${context.commands.run} dev` + "` until EMAIL_HOST is set.",
          "For a mail catcher: `docker compose -f compose.dev.yaml up -d`, then uncomment EMAIL_HOST and EMAIL_PORT in .env; the inbox is at http://localhost:8025.",
        ]
      : []),
    "The API documentation is then at http://localhost:3000/docs.",
  ];
}
