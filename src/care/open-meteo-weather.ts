// Weather adapter for Open-Meteo (no key). Opt-in: every request goes through the outbound gate with
// purpose "weather" and data category "location", so it is refused unless she enabled it, and each
// call is in the ledger. Only rounded coordinates leave the device.
import { GuimiError } from "../errors.js";
import type { Outbound } from "../privacy/outbound.js";
import type { Weather, WeatherReport } from "./weather.js";

export interface OpenMeteoOptions {
  outbound: Pick<Outbound, "fetch">;
  /** Where she is; null when unknown (then nothing is asked). */
  location: () => { latitude: number; longitude: number } | null;
  /** Default https://api.open-meteo.com (tests point it at a local server). */
  baseUrl?: string;
}

/** WMO weather interpretation codes → a plain condition. */
export function conditionForWmoCode(code: number): string {
  if (code === 0) return "clear";
  if (code <= 3) return "cloudy";
  if (code === 45 || code === 48) return "fog";
  if (code >= 51 && code <= 57) return "drizzle";
  if ((code >= 61 && code <= 67) || (code >= 80 && code <= 82)) return "rain";
  if ((code >= 71 && code <= 77) || code === 85 || code === 86) return "snow";
  if (code >= 95) return "thunderstorm";
  return "unknown";
}

export function createOpenMeteoWeather(options: OpenMeteoOptions): Weather {
  const base = (options.baseUrl ?? "https://api.open-meteo.com").replace(/\/$/, "");
  return {
    async current(): Promise<WeatherReport | null> {
      const where = options.location();
      if (!where) return null;
      // Two decimals is about 1 km: enough for weather, less precise than her address.
      const url = `${base}/v1/forecast?latitude=${where.latitude.toFixed(2)}&longitude=${where.longitude.toFixed(2)}&current=temperature_2m,weather_code`;
      const response = await options.outbound.fetch({ purpose: "weather", dataCategory: "location", url });
      if (!response.ok) throw new GuimiError(`open-meteo: HTTP ${response.status}`, "unavailable");
      const body = (await response.json()) as { current?: { temperature_2m?: unknown; weather_code?: unknown } };
      const temp = body.current?.temperature_2m;
      const code = body.current?.weather_code;
      if (typeof temp !== "number" || typeof code !== "number") throw new GuimiError("open-meteo: unexpected response", "unavailable");
      return { condition: conditionForWmoCode(code), tempC: temp };
    },
  };
}
