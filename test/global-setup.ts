// Generates one Prisma client per supported provider from the default template's
// schema, so runtime tests exercise exactly the models a new project gets.
import { generateTestClients } from "./support/prisma-clients.js";

export default async function setup(): Promise<void> {
  await generateTestClients();
}
