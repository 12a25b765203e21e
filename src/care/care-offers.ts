// What the device can actually do for her right now, so care only offers what it can back: a song, sleep
// sounds, the lamp. The root fills the port from the media and home capabilities; until they report
// something available, nothing is offered. An offer made travels with the message (`offer`), so a
// "好"/"yes" right after can be routed to the action.
import { z } from "zod";
import type { OfferedAction } from "../kernel/offered-action.js";

export interface CareOffers {
  /** Music it can play now: false when none; else the titles it can name (empty: it can play, names none). */
  music: false | { titles: readonly string[] };
  /** Sleep sounds / white noise it can play now. */
  sleepSounds: boolean;
  /** A lamp it can switch or dim now. */
  lamp: boolean;
}

/** Nothing to offer: the default until the capabilities report what they have. */
export const noOffers: CareOffers = Object.freeze({ music: false, sleepSounds: false, lamp: false });

/** An action a care message offered; a "yes" right after it is routed here. */
export type CareOffer = OfferedAction;

export const careOfferSchema: z.ZodType<CareOffer> = z.union([
  z.object({ kind: z.literal("play"), what: z.literal("music"), query: z.string().min(1).max(200) }).strict(),
  z.object({ kind: z.literal("play"), what: z.literal("sleep-sounds"), query: z.string().min(1).max(200) }).strict(),
  z.object({ kind: z.literal("lamp"), action: z.enum(["off", "dim"]) }).strict(),
]);

/** The port as the engine reads it: a bad or throwing adapter means "nothing available", never a crash. */
export function readOffers(port: (() => CareOffers) | undefined): CareOffers {
  if (!port) return noOffers;
  try {
    const o = port();
    const titles = o.music && Array.isArray(o.music.titles) ? o.music.titles.filter((t) => typeof t === "string" && t.trim() !== "" && t.length <= 100) : null;
    return { music: o.music && titles ? { titles } : false, sleepSounds: o.sleepSounds === true, lamp: o.lamp === true };
  } catch {
    return noOffers;
  }
}

/** Words that offer something the device would have to do (tests check none slip out unbacked). */
export const offerWords =
  /放首|放点|放一首|歌|音乐|白噪音|助眠|关灯|开灯|台灯|把灯|调暗|\bsongs?\b|\bmusic\b|white noise|sleep sounds|\blamp\b|lights? (?:off|down)|dim the lights?/i;
