// The capabilities mounted on the daemon's API. Each adds its routes under /api/v1.
import type { RouteModule } from "../server/http-api.js";
import { dataRoutes } from "../server/data-routes.js";
import { reminderRoutes } from "../server/reminder-routes.js";
import { companionRoutes } from "../server/companion-routes.js";
import { careRoutes } from "../care/care-routes.js";
import { mcpRoutes } from "../server/mcp-routes.js";

export const routeModules: RouteModule[] = [dataRoutes, reminderRoutes, companionRoutes, careRoutes, mcpRoutes];
