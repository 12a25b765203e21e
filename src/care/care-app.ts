// Wiring the care engine onto a running Guimi: one engine per app, fed her words from the bus, with
// its data in 我的数据. The daemon calls `attachCareEngine(app).start()`; routes find the same engine.
import type { GuimiApp } from "../app/guimi-app.js";
import { detectLanguage } from "../kernel/lang.js";
import { createCareEngine, type CareEngine, type CareEngineDeps } from "./care-engine.js";
import { careDataCategory } from "./care-data-category.js";
import { createOpenMeteoWeather } from "./open-meteo-weather.js";

const engines = new WeakMap<GuimiApp, CareEngine>();
const detachers = new WeakMap<GuimiApp, () => void>();

export type AttachOptions = Partial<Pick<CareEngineDeps, "weather" | "rules" | "restraint" | "seed" | "onError" | "offers" | "voice">> & {
  /** Feed her messages to the engine as utterance signals (default true). */
  listen?: boolean;
};

export function attachCareEngine(app: GuimiApp, options: AttachOptions = {}): CareEngine {
  const existing = engines.get(app);
  if (existing) return existing;
  const { listen = true, ...rest } = options;
  let engine: CareEngine | null = null;
  // Open-Meteo by default: asks nothing until she sets a location and enables the weather connection.
  const weather = createOpenMeteoWeather({ outbound: app.outbound, location: () => engine?.settings().weatherLocation ?? null });
  engine = createCareEngine({
    weather,
    db: app.db,
    now: () => app.now(),
    deliver: (message) => app.deliver(message),
    settings: app.settings,
    mood: app.mood,
    memory: app.memory,
    lastCrisis: () => app.lastCrisis(),
    timeZone: () => app.timeZone(),
    ...rest,
  });
  const attached = engine;
  engines.set(app, attached);
  app.data.register(careDataCategory(attached.store, app.db));
  app.data.onChange(() => attached.forget());
  if (listen) {
    const pending = new Set<ReturnType<typeof setTimeout>>();
    const off = app.bus.on("message-created", (message) => {
      if (message.role !== "user") return;
      // After the turn's own work (mood, crisis check) has had its moment.
      const timer = setTimeout(() => {
        pending.delete(timer);
        attached.signal({ type: "utterance", at: new Date(message.at), text: message.text, lang: detectLanguage(message.text) }).catch((error) => console.error("care:", error));
      }, 50);
      timer.unref?.();
      pending.add(timer);
    });
    detachers.set(app, () => {
      off();
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    });
  }
  return attached;
}

/** Stops listening (the app is closing): nothing may reach its database afterwards. */
export function detachCareEngine(app: GuimiApp): void {
  engines.get(app)?.stop();
  detachers.get(app)?.();
  detachers.delete(app);
}

/** The engine attached to this app (attaching one if none yet). */
export function careEngineFor(app: GuimiApp): CareEngine {
  return engines.get(app) ?? attachCareEngine(app);
}
