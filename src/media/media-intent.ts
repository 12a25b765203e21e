// The media fast path: "放首周杰伦的歌", "下一首", "30 分钟后停", "play rain sounds for 30 minutes"…,
// and the answer to a care offer ("好" after "我陪你听首歌吧" plays exactly what was offered).
import type { FastReply, IntentHandler, TurnInput } from "../kernel/intent.js";
import type { Lang } from "../kernel/lang.js";
import type { MediaController, MediaStatus } from "./media-controller.js";
import { parseMediaCommand, type MediaCommand } from "./media-command.js";
import { describeItem, minutesText, playedReply } from "./media-replies.js";
import { mediaOfferSchema, type MediaOffer } from "./media-offer.js";
import { isAcceptance, OFFER_OPEN_MS, type OfferedAction } from "../kernel/offered-action.js";
import { sleepSounds, type SleepSoundId } from "./sleep-sounds.js";

/** The sleep sound a care offer's words name ("雨声", "white noise"…), rain when none is named. */
function sleepSoundFor(query: string): SleepSoundId {
  const q = query.toLowerCase();
  const named = sleepSounds.find((s) => q.includes(s.id) || q.includes(s.title.zh) || q.includes(s.title.en));
  return named?.id ?? "rain";
}
import { findSleepSound } from "./sleep-sounds.js";
import { meditationMinutes, meditationTitles } from "./meditation-scripts.js";

export interface RecentMessage {
  role: string;
  createdAt: string;
  meta: Record<string, unknown> | null;
}

/** Sleep sounds asked for without a length stop after this long, so they do not play all night by accident. */
export const DEFAULT_SLEEP_MINUTES = 60;

export async function runMediaCommand(controller: MediaController, command: MediaCommand, lang: Lang): Promise<FastReply | null> {
  const zh = lang === "zh";
  const reply = (text: string, status?: MediaStatus): FastReply => ({
    text,
    source: "media",
    meta: { media: command.type, ...(status ? { state: status.state } : {}) },
  });
  const playing = controller.status().state !== "stopped";
  switch (command.type) {
    case "play-query":
      return reply(playedReply(await controller.playQuery(command.query), lang));
    case "play-mine":
      return reply(playedReply(await controller.playMySongs(), lang));
    case "play-relaxing":
      return reply(playedReply(await controller.playRelaxing(), lang, "relaxing"));
    case "sleep-sound": {
      const minutes = command.minutes ?? DEFAULT_SLEEP_MINUTES;
      const status = await controller.playSleepSound(command.soundId, lang, minutes);
      const title = findSleepSound(command.soundId)!.title[lang];
      return reply(
        zh ? `好，放${title}，${minutesText(minutes, lang)}后慢慢停。` : `Playing ${title}. It will fade out in ${minutesText(minutes, lang)}.`,
        status,
      );
    }
    case "meditation": {
      const allowed = meditationMinutes[command.meditationId];
      const minutes = command.minutes && allowed.allowed.includes(command.minutes) ? command.minutes : allowed.default;
      const status = await controller.startMeditation(command.meditationId, lang, minutes);
      const title = meditationTitles[command.meditationId][lang];
      const circle = command.meditationId === "breathing-478" ? (zh ? "跟着屏幕上的圆圈。" : "Follow the circle on the screen.") : "";
      return reply(zh ? `好，我们开始 ${minutes} 分钟的${title}。${circle}` : `OK, let's start ${minutes} minutes of ${title}. ${circle}`.trim(), status);
    }
    case "pause":
      if (!playing) return null; // "暂停" with nothing playing is not for the player
      return reply(zh ? "暂停了。说「继续」我就接着放。" : 'Paused. Say "resume" to carry on.', await controller.pause());
    case "resume":
      if (controller.status().state !== "paused") return null;
      return reply(zh ? "好，继续。" : "Resuming.", await controller.resume());
    case "next": {
      if (!playing) return reply(zh ? "现在没在放歌。" : "Nothing is playing.");
      const status = await controller.next();
      return reply(
        status.state === "stopped"
          ? zh
            ? "这是最后一首了，先停下。"
            : "That was the last one; stopping."
          : zh
            ? `下一首：${describeItem(status, lang)}。`
            : `Next: ${describeItem(status, lang)}.`,
        status,
      );
    }
    case "stop":
      if (!playing) return null;
      return reply(zh ? "好，停了。" : "Stopped.", await controller.stop());
    case "volume": {
      if (!playing) return reply(zh ? "现在没在放东西。" : "Nothing is playing.");
      const status = await controller.setVolume(controller.status().volume + command.delta);
      return reply(zh ? `音量 ${status.volume}。` : `Volume ${status.volume}.`, status);
    }
    case "what": {
      const status = await controller.refresh();
      if (status.state === "stopped") return reply(zh ? "现在没在放歌。" : "Nothing is playing.");
      return reply(zh ? `这是${describeItem(status, lang)}。` : `This is ${describeItem(status, lang)}.`, status);
    }
    case "sleep-timer": {
      if (!playing) return reply(zh ? "现在没在放东西，不用定时停。" : "Nothing is playing, so there is nothing to stop.");
      const status = await controller.sleepAfter(command.minutes);
      return reply(zh ? `好，${minutesText(command.minutes, lang)}后慢慢停。` : `OK, I'll fade it out in ${minutesText(command.minutes, lang)}.`, status);
    }
  }
}

/** Plays an offer the care engine made; the reply says what. */
export async function playOffer(controller: MediaController, offer: MediaOffer, lang: Lang): Promise<FastReply> {
  switch (offer.kind) {
    case "music": {
      const outcome = await controller.playItem(offer.itemId);
      return { text: playedReply(outcome, lang), source: "media", meta: { media: "offer", offer } };
    }
    case "sleep-sound":
      return {
        ...(await runMediaCommand(controller, { type: "sleep-sound", soundId: offer.soundId, minutes: offer.minutes }, lang))!,
        meta: { media: "offer", offer },
      };
    case "meditation":
      return {
        ...(await runMediaCommand(controller, { type: "meditation", meditationId: offer.meditationId, minutes: offer.minutes }, lang))!,
        meta: { media: "offer", offer },
      };
  }
}

export function createMediaIntents(deps: {
  controller: MediaController;
  recentMessages?: (conversationId: string, beforeId: number, limit: number) => RecentMessage[];
}): IntentHandler[] {
  const command: IntentHandler = (turn: TurnInput) => {
    const parsed = parseMediaCommand(turn.text, turn.lang);
    return parsed ? runMediaCommand(deps.controller, parsed, turn.lang) : null;
  };
  const acceptance: IntentHandler = (turn: TurnInput) => {
    if (!deps.recentMessages || !isAcceptance(turn.text)) return null;
    const previous = deps.recentMessages(turn.conversationId, turn.userMessageId, 1).at(-1);
    if (!previous || previous.role !== "care" || !previous.meta || previous.meta.offer === undefined) return null;
    if (turn.now.getTime() - Date.parse(previous.createdAt) > OFFER_OPEN_MS) return null;
    const offer = mediaOfferSchema.safeParse(previous.meta.offer);
    if (offer.success) return playOffer(deps.controller, offer.data, turn.lang);
    // The care engine's own offers ("我陪你听首《晴天》吧", "要不要听听雨声"): played by what they name.
    const care = previous.meta.offer as Partial<OfferedAction>;
    if (care.kind !== "play" || typeof care.query !== "string") return null;
    if (care.what === "music") return runMediaCommand(deps.controller, { type: "play-query", query: care.query }, turn.lang);
    if (care.what === "sleep-sounds")
      return runMediaCommand(deps.controller, { type: "sleep-sound", soundId: sleepSoundFor(care.query), minutes: 30 }, turn.lang);
    return null;
  };
  return [acceptance, command];
}
