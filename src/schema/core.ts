// The core's models (Session, OneTimeToken, AuditEvent) and migrations; User lives in the
// project's own prisma/schema/user.prisma with the relation fields below.
import { fileURLToPath } from "node:url";
import type { SchemaModule } from "./module.js";

export const coreSchema: SchemaModule = {
  id: "core",
  dir: fileURLToPath(new URL(".", import.meta.url)),
  models: ["Session", "OneTimeToken", "AuditEvent"],
  userFields: ["sessions      Session[]", "oneTimeTokens OneTimeToken[]", "auditEvents   AuditEvent[]"],
};
