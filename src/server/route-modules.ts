// The core route modules the daemon mounts under /api/v1 (capabilities bring their own routes).
import type { RouteModule } from "./http-api.js";
import { dataRoutes } from "./data-routes.js";
import { companionRoutes } from "./companion-routes.js";
import { mcpRoutes } from "./mcp-routes.js";

export const routeModules: RouteModule[] = [dataRoutes, companionRoutes, mcpRoutes];
