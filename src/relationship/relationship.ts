// The relationship, pure: how long and how much she and Guimi have talked moves the persona from
// polite to close over weeks — gently, and never past what she asked for.
import { HAN_CHARS, type Lang } from "../kernel/lang.js";

export type RelationshipStage = "new" | "warming" | "close";

export interface RelationshipFacts {
  /** Her first message ever, or null before the first one. */
  firstMetAt: Date | null;
  /** Distinct local days on which she talked to Guimi. */
  activeDays: number;
  userMessages: number;
  memories: number;
}

/** What she asked about how Guimi talks to her ("以后叫我小鱼", "别叫我宝贝", "说话简短点"). */
export interface TalkPreferences {
  nickname: string | null;
  /** Things to keep doing or not do, in her words. */
  notes: string[];
}

export interface RelationshipState extends RelationshipFacts {
  daysTogether: number;
  stage: RelationshipStage;
  preferences: TalkPreferences;
}

export const emptyPreferences: TalkPreferences = { nickname: null, notes: [] };

export function relationshipStage(facts: RelationshipFacts): RelationshipStage {
  // Both time and talk are needed: a flood of messages on day one is not closeness yet.
  if (facts.activeDays >= 14 && facts.userMessages >= 200) return "close";
  if (facts.activeDays >= 3 && facts.userMessages >= 30) return "warming";
  return "new";
}

export function relationshipState(facts: RelationshipFacts, preferences: TalkPreferences, now: Date): RelationshipState {
  const daysTogether = facts.firstMetAt ? Math.floor((now.getTime() - facts.firstMetAt.getTime()) / 86_400_000) + 1 : 0;
  return { ...facts, daysTogether, stage: relationshipStage(facts), preferences };
}

const toneByStage: Record<RelationshipStage, { zh: string; en: string }> = {
  new: {
    zh: "你们刚认识不久：亲切但有分寸，多问问她的喜好和生活，先别用亲昵的称呼。",
    en: "You met recently: be warm but not over-familiar, ask about her likes and life, no pet names yet.",
  },
  warming: {
    zh: "你们已经熟起来了：可以更随意，偶尔开开玩笑，接住她的梗。",
    en: "You are getting close: be more casual, joke now and then, pick up her running jokes.",
  },
  close: {
    zh: "你们是无话不说的好闺蜜：可以撒娇、吐槽、用你们之间的梗，但永远尊重她。",
    en: "You are best friends who tell each other everything: tease, vent, use your in-jokes — always with respect.",
  },
};

/** Lines for the system prompt. They change only when the stage or her preferences change (rarely). */
export function relationshipPromptLines(state: Pick<RelationshipState, "stage" | "preferences">): string[] {
  const lines = [`${toneByStage[state.stage].zh} / ${toneByStage[state.stage].en}`];
  if (state.preferences.nickname) lines.push(`她希望你叫她「${state.preferences.nickname}」/ call her "${state.preferences.nickname}".`);
  for (const note of state.preferences.notes) lines.push(`她说过：${note}`);
  return lines;
}

export type TalkPreferenceChange = { kind: "nickname"; nickname: string } | { kind: "note"; note: string };

const zhNickname = new RegExp(
  `^(?:以后|你可以|你就|就|请|以后就)?(?:叫我|喊我|称呼我)[「“"]?([${HAN_CHARS}A-Za-z0-9]{1,8}?)[」”"]?(?:就行|就好|吧|好了|呀|啊|哦)?[。！!～~]?$`,
  "u",
);
/** "叫我起床" is a wake-up request, not a name. */
const notAName = /起床|回家|吃|做|去|来|写|买|帮|一声|过去|下楼|出门/u;
const enNickname = /\b(?:call me|you can call me|please call me)\s+["“]?([A-Za-z][A-Za-z' -]{0,19}?)["”]?[.!]?$/i;
const zhNote =
  /^(?:以后|你)?(?:说话|回复|回答)?(?:能不能|可以|请)?(别|不要|少|多|简短|直接|温柔|慢)(.{1,24}?)(?:一点|一些|点)?(?:吧|好吗|可以吗)?[。！!～~]?$/u;
const zhDontCall = /^(?:以后)?(?:别|不要)(?:再)?(?:叫|喊)我(.{1,8}?)(?:了)?[。！!～~]?$/u;
const enNote = /^(?:please\s+)?(?:don't|do not|stop|no more|be more|be less|keep (?:it|your replies))\s+(.{2,40}?)[.!]?$/i;

/** Her words about how Guimi should talk to her, if that is what they are. Pure. */
export function parseTalkPreference(text: string, lang: Lang): TalkPreferenceChange | null {
  const t = text.trim();
  if (lang === "zh") {
    const dont = zhDontCall.exec(t);
    if (dont) return { kind: "note", note: `不要叫她「${dont[1]}」` };
    const nick = zhNickname.exec(t);
    if (nick && !/什么|谁|哪/.test(nick[1]!) && !notAName.test(nick[1]!)) return { kind: "nickname", nickname: nick[1]! };
    const note = zhNote.exec(t);
    if (note && /说话|回复|回答|简短|直接|温柔|表情|语气|啰嗦|长/.test(t)) return { kind: "note", note: t.replace(/[。！!～~]$/u, "") };
    return null;
  }
  const nick = enNickname.exec(t);
  if (nick) return { kind: "nickname", nickname: nick[1]!.trim() };
  const note = enNote.exec(t);
  if (note && /call me|emoji|short|long|formal|casual|direct|gentle|lectur|advice|reply|replies|talk/i.test(t))
    return { kind: "note", note: t.replace(/[.!]$/, "") };
  return null;
}

export function applyTalkPreference(preferences: TalkPreferences, change: TalkPreferenceChange): TalkPreferences {
  if (change.kind === "nickname") return { ...preferences, nickname: change.nickname };
  const notes = preferences.notes.filter((n) => n !== change.note);
  return { ...preferences, notes: [...notes, change.note].slice(-10) };
}

export function talkPreferenceReply(change: TalkPreferenceChange, lang: Lang): string {
  if (change.kind === "nickname") return lang === "zh" ? `好呀，以后就叫你「${change.nickname}」啦～` : `Okay — ${change.nickname} it is!`;
  return lang === "zh" ? "收到，我记住啦，以后会注意的～" : "Got it — I'll keep that in mind.";
}
