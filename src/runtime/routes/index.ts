// Every route module of the plugin, mounted under /jwt-allauth.
import type { RouteModule } from "./context.js";
import { emailVerificationRoutes } from "./email-verification.js";
import { loginRoutes } from "./login.js";
import { logoutRoutes } from "./logout.js";
import { passwordChangeRoutes } from "./password-change.js";
import { passwordResetRoutes } from "./password-reset.js";
import { reauthenticateRoutes } from "./reauthenticate.js";
import { refreshRoutes } from "./refresh.js";
import { registrationRoutes } from "./registration.js";
import { sessionRoutes } from "./sessions.js";
import { userRoutes } from "./user.js";

export const routeModules: RouteModule[] = [
  registrationRoutes,
  loginRoutes,
  refreshRoutes,
  logoutRoutes,
  sessionRoutes,
  userRoutes,
  passwordChangeRoutes,
  reauthenticateRoutes,
  emailVerificationRoutes,
  passwordResetRoutes,
];
