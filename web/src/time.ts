// Dates and times in the device's time zone (from GET /status), whatever the browser's zone is.
import type { Lang } from "./i18n";

const locale = (lang: Lang) => (lang === "zh" ? "zh-CN" : "en-GB");

function safeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

export function hourIn(date: Date, timeZone?: string): number {
  const text = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", hourCycle: "h23", timeZone: safeZone(timeZone) }).format(date);
  return Number(text) % 24;
}

export function dayKey(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: safeZone(timeZone) }).format(date);
}

export function formatClock(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: safeZone(timeZone) }).format(date);
}

export function formatDate(date: Date, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale(lang), { month: "long", day: "numeric", weekday: "long", timeZone: safeZone(timeZone) }).format(date);
}

/** "今天 15:00", "明天 09:30", "3月5日 周四 15:00" / "Today 15:00"… */
export function formatWhen(iso: string | null | undefined, lang: Lang, timeZone?: string, now = new Date()): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = safeZone(timeZone);
  const clock = formatClock(date, zone);
  const day = dayKey(date, zone);
  const today = dayKey(now, zone);
  const tomorrow = dayKey(new Date(now.getTime() + 86_400_000), zone);
  const yesterday = dayKey(new Date(now.getTime() - 86_400_000), zone);
  if (day === today) return `${lang === "zh" ? "今天" : "Today"} ${clock}`;
  if (day === tomorrow) return `${lang === "zh" ? "明天" : "Tomorrow"} ${clock}`;
  if (day === yesterday) return `${lang === "zh" ? "昨天" : "Yesterday"} ${clock}`;
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  const datePart = new Intl.DateTimeFormat(locale(lang), {
    month: "short",
    day: "numeric",
    weekday: "short",
    ...(sameYear ? {} : { year: "numeric" }),
    timeZone: zone,
  }).format(date);
  return `${datePart} ${clock}`;
}

export type Greeting = "greet.night" | "greet.morning" | "greet.noon" | "greet.afternoon" | "greet.evening";

export function greetingFor(hour: number): Greeting {
  if (hour < 5) return "greet.night";
  if (hour < 11) return "greet.morning";
  if (hour < 13) return "greet.noon";
  if (hour < 18) return "greet.afternoon";
  if (hour < 23) return "greet.evening";
  return "greet.night";
}

/** Auto theme: dim from 20:00 to 07:00 local time. */
export const isNightHour = (hour: number): boolean => hour >= 20 || hour < 7;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "—";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
