// Every route module of the plugin, mounted under /jwt-allauth.
import type { RouteModule } from "./context.js";
import { loginRoutes } from "./login.js";
import { refreshRoutes } from "./refresh.js";
import { registrationRoutes } from "./registration.js";

export const routeModules: RouteModule[] = [
  registrationRoutes,
  loginRoutes,
  refreshRoutes,
];
