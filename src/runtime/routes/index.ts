// Every route module of the plugin, mounted under /jwt-allauth.
import type { RouteModule } from "./context.js";
import { emailVerificationRoutes } from "./email-verification.js";
import { loginRoutes } from "./login.js";
import { passwordResetRoutes } from "./password-reset.js";
import { refreshRoutes } from "./refresh.js";
import { registrationRoutes } from "./registration.js";

export const routeModules: RouteModule[] = [
  registrationRoutes,
  loginRoutes,
  refreshRoutes,
  emailVerificationRoutes,
  passwordResetRoutes,
];
