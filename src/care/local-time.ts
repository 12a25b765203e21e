// Local wall-clock arithmetic on fixed offsets. Each signal carries the offset she was in when it
// came, so "past 23:00" means her 23:00 even after she crossed time zones; rules never touch Intl.
import { timeZoneOffsetMinutes } from "../kernel/time-zone-offset.js";

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Minutes east of UTC of a zone at an instant (cached per zone and hour: Intl is slow). */
const offsetCache = new Map<string, number>();
export function offsetAt(timeZone: string, at: Date): number {
  const key = `${timeZone}|${Math.floor(at.getTime() / HOUR)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = timeZoneOffsetMinutes(timeZone, at);
    if (offsetCache.size > 10_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes since local midnight, 0..1439. */
  minutes: number;
  /** 0 = Sunday */
  weekday: number;
}

export function localTime(at: Date | number, offsetMinutes: number): LocalTime {
  const shifted = new Date((typeof at === "number" ? at : at.getTime()) + offsetMinutes * MINUTE);
  return {
    date: shifted.toISOString().slice(0, 10),
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
    weekday: shifted.getUTCDay(),
  };
}

/** The instant of local `date` at `minutes` past midnight, in a fixed offset. */
export function localInstant(date: string, minutes: number, offsetMinutes: number): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + (minutes - offsetMinutes) * MINUTE);
}

export function addDays(date: string, delta: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + delta);
  return d.toISOString().slice(0, 10);
}

/** "23:30" → 1410 */
export function parseClock(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether `minutes` falls in [start, end), wrapping past midnight when start > end. */
export function inDailyWindow(minutes: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/** ISO text in a fixed offset: 2026-03-02T23:40:00+08:00 */
export function formatWithOffset(at: Date, offsetMinutes: number): string {
  const local = new Date(at.getTime() + offsetMinutes * MINUTE).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Local HH:MM */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
