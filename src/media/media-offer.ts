// Care offers that can be backed: "我陪你听首歌吧" names a song she has, "要不要听听雨声" a sound the
// device makes. The care engine asks what is available, takes a concrete offer, puts it in the care
// message's meta as `offer`; when she answers 好 / yes, the acceptance intent plays exactly that.
import { z } from "zod";
import { sleepSounds, type SleepSoundId } from "./sleep-sounds.js";
import type { MeditationId } from "./meditation-scripts.js";

const soundIds = sleepSounds.map((s) => s.id) as [SleepSoundId, ...SleepSoundId[]];
const meditationIds = ["breathing-478", "body-scan", "falling-asleep"] as const satisfies readonly MeditationId[];

export const mediaOfferSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("music"), itemId: z.number().int().positive(), title: z.string().max(300), artist: z.string().max(300).nullable() }).strict(),
  z.object({ kind: z.literal("sleep-sound"), soundId: z.enum(soundIds), minutes: z.number().int().min(1).max(600).nullable() }).strict(),
  z.object({ kind: z.literal("meditation"), meditationId: z.enum(meditationIds), minutes: z.number().int().min(1).max(60) }).strict(),
]);

export type MediaOffer = z.infer<typeof mediaOfferSchema>;

export interface MediaAvailability {
  /** Her library has songs and there is a player. */
  music: boolean;
  /** sox can make the sounds and there is a player. */
  sleepSounds: boolean;
  meditation: boolean;
}
