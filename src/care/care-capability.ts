// The care capability: one engine per app, fed her words from the bus, with its routes and its data in
// 我的数据. The root mounts it with explicit dependencies; it knows nothing of the app, server or CLI.
import { defineCapability, type Capability } from "../kernel/capability.js";
import type { EventBus } from "../kernel/event-bus.js";
import { detectLanguage } from "../kernel/lang.js";
import type { Outbound } from "../privacy/outbound.js";
import { createCareEngine, type CareEngine, type CareEngineDeps } from "./care-engine.js";
import { careDataCategory } from "./care-data-category.js";
import { careMigrations } from "./care-store.js";
import { careRoutes } from "./care-routes.js";
import { createOpenMeteoWeather } from "./open-meteo-weather.js";

export type CareOptions = Partial<Pick<CareEngineDeps, "weather" | "rules" | "restraint" | "seed" | "onError" | "offers" | "voice">> & {
  /** Feed her messages to the engine as utterance signals (default true). */
  listen?: boolean;
};

export type CareDeps = Pick<CareEngineDeps, "db" | "now" | "deliver" | "settings" | "mood" | "memory" | "lastCrisis" | "timeZone"> & {
  bus: Pick<EventBus, "on">;
  outbound: Outbound;
  /** Erasing her data anywhere drops what the engine holds in memory. */
  onDataChange(listener: () => void): void;
  options?: CareOptions;
};

export interface CareCapability extends Capability {
  engine: CareEngine;
}

export const careCapability = defineCapability<CareDeps, CareCapability>({
  name: "care",
  migrations: careMigrations,
  create({ bus, outbound, onDataChange, options = {}, ...deps }) {
    const { listen = true, ...rest } = options;
    let engine: CareEngine | null = null;
    // Open-Meteo by default: asks nothing until she sets a location and enables the weather connection.
    const weather = createOpenMeteoWeather({ outbound, location: () => engine?.settings().weatherLocation ?? null });
    const attached = createCareEngine({ weather, ...deps, ...rest });
    engine = attached;
    onDataChange(() => attached.forget());

    const pending = new Set<ReturnType<typeof setTimeout>>();
    const off = listen
      ? bus.on("message-created", (message) => {
          if (message.role !== "user") return;
          // After the turn's own work (mood, crisis check) has had its moment.
          const timer = setTimeout(() => {
            pending.delete(timer);
            attached
              .signal({ type: "utterance", at: new Date(message.at), text: message.text, lang: detectLanguage(message.text) })
              .catch((error) => console.error("care:", error));
          }, 50);
          timer.unref?.();
          pending.add(timer);
        })
      : () => undefined;

    return {
      name: "care",
      engine: attached,
      routes: careRoutes(attached, deps.now),
      dataCategories: [careDataCategory(attached.store, deps.db)],
      start: () => attached.start(),
      stop: () => attached.stop(),
      /** Stops listening (the app is closing): nothing may reach its database afterwards. */
      close() {
        attached.stop();
        off();
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
      },
    };
  },
});
