// `npm run typecheck` needs the generated test clients before vitest's global setup would make them.
import { generateTestClients } from "./prisma-clients.js";

await generateTestClients();
