import path from "node:path";
import type { ProjectContext } from "./context.js";

/** The commands that take a fresh project to a running server, in order. */
export function nextSteps(context: ProjectContext, projectDir: string, cwd: string, installed: boolean): string[] {
  const relative = path.relative(cwd, projectDir);
  return [
    ...(relative === "" ? [] : [`cd ${relative.includes(" ") ? JSON.stringify(relative) : relative}`]),
    ...(installed ? [] : [context.commands.install, `${context.commands.exec} prisma generate`]),
    `${context.commands.exec} prisma migrate dev`,
    `${context.commands.run} dev`,
  ];
}
