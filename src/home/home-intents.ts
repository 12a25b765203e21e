// Fast-path home commands in zh and en, without the model: lights on/off/dimmer/brighter, any named
// device on/off, and "晚安 / good night" → her good-night scene. Pure: parsing, choosing the entity
// from Home Assistant's list, and the confirmation in her own words.
import { type Lang, hasHan } from "../kernel/lang.js";
import type { HomeEntity } from "./home-controller.js";

export type HomeAction = "on" | "off" | "dim" | "brighten" | "pause" | "resume" | "temperature";

export interface HomeRequest {
  action: HomeAction;
  /** "light" when she said light/灯, "climate" for the air conditioning, "media_player" for music; null for any device she named. */
  domain: "light" | "climate" | "media_player" | null;
  /** For "temperature": °C she asked for. */
  temperature?: number;
  /** Her words for which one ("卧室", "bedroom", "电视"); "" when she named none. */
  target: string;
  /** How she called it, for the confirmation ("卧室的灯", "the bedroom light"). */
  phrase: string;
  lang: Lang;
}

const ZH_LIGHT = "(?:灯光|台灯|吊灯|电灯|灯)";
const zhPatterns: { re: RegExp; action: HomeAction; light: boolean }[] = [
  {
    re: new RegExp(`^(?:请|帮我|麻烦)?(?:把|将)?(.*?)${ZH_LIGHT}(?:给我)?(?:调|弄|变)?(?:得)?暗(?:一点|一些|点|些)?(?:吧|呀|啊)?$`),
    action: "dim",
    light: true,
  },
  {
    re: new RegExp(`^(?:请|帮我|麻烦)?(?:把|将)?(.*?)${ZH_LIGHT}(?:给我)?(?:调|弄|变)?(?:得)?亮(?:一点|一些|点|些)(?:吧|呀|啊)?$`),
    action: "brighten",
    light: true,
  },
  { re: new RegExp(`^(?:请|帮我|麻烦)?(?:把|将)(.*?)${ZH_LIGHT}(?:给我)?(?:关了|关掉|关上|关一下|关|熄了|灭了)(?:吧|呀|啊)?$`), action: "off", light: true },
  { re: new RegExp(`^(?:请|帮我|麻烦)?(?:关掉|关上|关一下|关了|关)(.*?)${ZH_LIGHT}(?:吧|呀|啊)?$`), action: "off", light: true },
  { re: new RegExp(`^(?:请|帮我|麻烦)?(?:把|将)(.*?)${ZH_LIGHT}(?:给我)?(?:打开|开了|开开|开一下|开)(?:吧|呀|啊)?$`), action: "on", light: true },
  { re: new RegExp(`^(?:请|帮我|麻烦)?(?:打开|开一下|开开|开)(.*?)${ZH_LIGHT}(?:吧|呀|啊)?$`), action: "on", light: true },
  { re: /^(?:请|帮我|麻烦)?(?:把|将)(.+?)(?:给我)?(?:关了|关掉|关上|关一下)(?:吧|呀|啊)?$/, action: "off", light: false },
  { re: /^(?:请|帮我|麻烦)?(?:关掉|关上|关一下)(.+?)(?:吧|呀|啊)?$/, action: "off", light: false },
  { re: /^(?:请|帮我|麻烦)?(?:把|将)(.+?)(?:给我)?(?:打开|开了|开一下)(?:吧|呀|啊)?$/, action: "on", light: false },
  { re: /^(?:请|帮我|麻烦)?(?:打开|开一下)(.+?)(?:吧|呀|啊)?$/, action: "on", light: false },
];

const EN_LIGHT = "(?:lights?|lamps?)";
const enPatterns: { re: RegExp; action: HomeAction; light: boolean }[] = [
  { re: new RegExp(`^(?:please )?(?:can you )?dim (?:the |my )?(.*?)\\s*${EN_LIGHT}?(?: a bit| a little)?(?: please)?$`), action: "dim", light: true },
  {
    re: new RegExp(`^(?:please )?(?:can you )?(?:brighten|make) (?:the |my )?(.*?)\\s*${EN_LIGHT}(?: brighter)?(?: a bit| a little)?(?: please)?$`),
    action: "brighten",
    light: true,
  },
  { re: new RegExp(`^(?:please )?(?:can you )?(?:turn|switch) (on|off) (?:the |my |all the )?(.*?)\\s*${EN_LIGHT}(?: please)?$`), action: "on", light: true },
  { re: new RegExp(`^(?:please )?(?:can you )?(?:turn|switch) (?:the |my |all the )?(.*?)\\s*${EN_LIGHT} (on|off)(?: please)?$`), action: "on", light: true },
  { re: /^(?:please )?(?:can you )?(?:turn|switch) (on|off) (?:the |my )?(.+?)(?: please)?$/, action: "on", light: false },
  { re: /^(?:please )?(?:can you )?(?:turn|switch) (?:the |my )?(.+?) (on|off)(?: please)?$/, action: "on", light: false },
];

/** The air conditioning / heating to a temperature, and music paused or resumed. */
function parseClimateOrMedia(t: string, lang: Lang): HomeRequest | null {
  if (lang === "zh") {
    const c = /^(?:请|帮我|麻烦)?(?:把)?(.*?)(?:空调|暖气|温度)(?:给我)?(?:调到|调成|设到|设成|开到|开)(\d{2}(?:\.5)?)(?:度|℃)(?:吧|呀)?$/u.exec(t);
    if (c && Number(c[2]) >= 5 && Number(c[2]) <= 35) {
      const target = (c[1] ?? "").replace(/的$/, "").trim();
      return { action: "temperature", domain: "climate", target, phrase: `${target ? `${target}的` : ""}空调`, temperature: Number(c[2]), lang };
    }
    const m = /^(?:请|帮我|麻烦)?(暂停|停一下|继续播放|接着放|继续放)(?:音乐|播放|一下)?(?:吧|呀)?$/u.exec(t);
    if (m) return { action: m[1]!.startsWith("暂停") || m[1] === "停一下" ? "pause" : "resume", domain: "media_player", target: "", phrase: "音乐", lang };
    return null;
  }
  const lower = t.toLowerCase();
  const c =
    /^(?:please )?(?:can you )?set (?:the |my )?(.*?)\s*(?:thermostat|heating|heater|ac|a\/c|air conditioning|air conditioner|temperature) to (\d{2}(?:\.5)?)(?: ?degrees| ?°c?| ?c)?(?: please)?$/.exec(
      lower,
    );
  if (c && Number(c[2]) >= 5 && Number(c[2]) <= 35) {
    const target = (c[1] ?? "").trim();
    return { action: "temperature", domain: "climate", target, phrase: `the ${target ? `${target} ` : ""}thermostat`, temperature: Number(c[2]), lang };
  }
  const m = /^(?:please )?(pause|resume|unpause)(?: the)? (?:music|song|playback|media)(?: please)?$/.exec(lower);
  if (m) return { action: m[1] === "pause" ? "pause" : "resume", domain: "media_player", target: "", phrase: "the music", lang };
  return null;
}

const clean = (text: string) =>
  text
    .trim()
    .replace(/[。！!？?，,．.~～]+$/u, "")
    .trim();

/** Her sentence as a home request, or null when it is not one. */
export function parseHomeRequest(text: string, lang: Lang): HomeRequest | null {
  const t = clean(text);
  if (t.length === 0 || t.length > 40) return null;
  const zh = lang === "zh" || hasHan(t);
  const special = parseClimateOrMedia(t, zh ? "zh" : "en");
  if (special) return special;
  if (zh) {
    for (const { re, action, light } of zhPatterns) {
      const m = re.exec(t);
      if (!m) continue;
      const target = (m[1] ?? "")
        .replace(/的$/, "")
        .replace(/^(?:一下|下)/, "")
        .trim();
      if (!light && target.length === 0) return null;
      return { action, domain: light ? "light" : null, target, phrase: light ? `${target ? `${target}的` : ""}灯` : target, lang: "zh" };
    }
    return null;
  }
  const lower = t.toLowerCase();
  for (const { re, action, light } of enPatterns) {
    const m = re.exec(lower);
    if (!m) continue;
    let onOff: HomeAction = action;
    let target = "";
    if (action === "on") {
      const [a, b] = [m[1] ?? "", m[2] ?? ""];
      const word = a === "on" || a === "off" ? a : b;
      target = a === "on" || a === "off" ? b : a;
      onOff = word === "off" ? "off" : "on";
    } else target = m[1] ?? "";
    target = target.trim();
    if (!light && (target.length === 0 || /\b(it|that|this|me|up|down)\b/.test(target))) return null;
    return { action: onOff, domain: light ? "light" : null, target, phrase: light ? `the ${target ? `${target} ` : ""}light` : `the ${target}`, lang: "en" };
  }
  return null;
}

/** "晚安" / "good night" on its own: the cue for her good-night scene. */
export function isGoodNight(text: string): boolean {
  return /^(?:晚安(?:啦|了|咯|呀)?|我(?:要)?睡(?:觉)?了|good ?night|nighty night|night night)[\s!！。.~～]*$/iu.test(text.trim());
}

/** Words for the same room in either language, so "卧室" finds an area called "Bedroom". */
const AREA_WORDS: string[][] = [
  ["卧室", "主卧", "bedroom", "master bedroom"],
  ["客厅", "living room", "lounge"],
  ["厨房", "kitchen"],
  ["书房", "study", "office"],
  ["卫生间", "浴室", "洗手间", "bathroom"],
  ["餐厅", "饭厅", "dining room"],
  ["阳台", "balcony"],
  ["走廊", "过道", "hallway"],
  ["床头", "bedside", "nightstand"],
];

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\s_-]+/g, " ")
    .replace(/的/g, "")
    .trim();

function variants(word: string): string[] {
  const w = norm(word);
  const group = AREA_WORDS.find((g) => g.some((x) => norm(x) === w || w.includes(norm(x))));
  return group ? [w, ...group.map(norm)] : [w];
}

const CONTROLLABLE = new Set(["light", "switch", "fan", "media_player", "climate", "cover", "input_boolean", "scene", "script", "humidifier", "vacuum"]);

export type Resolution = { kind: "ok"; entities: HomeEntity[] } | { kind: "none" } | { kind: "ambiguous"; entities: HomeEntity[] };

/** Which entities she meant, from Home Assistant's list. */
export function resolveEntities(entities: HomeEntity[], request: Pick<HomeRequest, "domain" | "target" | "action">): Resolution {
  let pool = entities.filter((e) => (request.domain ? e.domain === request.domain : CONTROLLABLE.has(e.domain)));
  if (request.action === "off") pool = pool.filter((e) => e.domain !== "scene" && e.domain !== "script");
  if (!request.target) {
    if (pool.length === 0) return { kind: "none" };
    if (pool.length === 1) return { kind: "ok", entities: pool };
    // "把灯关了" with several lights: the ones that are on (off: those that are off), if that narrows it.
    const relevant =
      request.action === "off" || request.action === "dim"
        ? pool.filter((e) => e.state === "on")
        : request.action === "on"
          ? pool.filter((e) => e.state === "off")
          : request.action === "pause"
            ? pool.filter((e) => e.state === "playing")
            : request.action === "resume"
              ? pool.filter((e) => e.state === "paused")
              : [];
    return relevant.length === 1 ? { kind: "ok", entities: relevant } : { kind: "ambiguous", entities: pool };
  }
  const words = variants(request.target);
  const byName = pool.filter((e) => e.aliases.some((a) => words.some((w) => norm(a) === w)));
  if (byName.length > 0) return { kind: "ok", entities: byName };
  const byArea = pool.filter((e) => e.areas.some((a) => words.some((w) => norm(a) === w)));
  if (byArea.length > 0) return { kind: "ok", entities: byArea };
  const partial = pool.filter((e) => e.aliases.some((a) => words.some((w) => norm(a).includes(w) || (w.length >= 2 && w.includes(norm(a))))));
  if (partial.length > 0) return { kind: "ok", entities: partial };
  return { kind: "none" };
}

/** Brightness to set for "a bit dimmer / brighter", from the light's current 0–255 value. */
export function nextBrightness(action: "dim" | "brighten", current: number | null): number {
  const percent = current === null ? (action === "dim" ? 70 : 40) : Math.round((current / 255) * 100);
  return action === "dim" ? Math.max(5, percent - 30) : Math.min(100, percent + 30);
}

export const homeWording = {
  done(request: HomeRequest, count: number): string {
    const many = count > 1;
    if (request.lang === "zh") {
      const what = many && request.phrase.endsWith("灯") ? `${request.phrase}都` : request.phrase;
      return {
        on: `好，${what}打开啦`,
        off: `好，${what}关掉啦`,
        dim: `${request.phrase}调暗了一点`,
        brighten: `${request.phrase}调亮了一点`,
        pause: `好，${request.phrase}先停一下`,
        resume: `好，${request.phrase}继续放`,
        temperature: `好，${request.phrase}调到${request.temperature}度啦`,
      }[request.action];
    }
    const what = many ? request.phrase.replace(/light$/, "lights") : request.phrase;
    const verb = many ? "are" : "is";
    return {
      on: `OK, ${what} ${verb} on.`,
      off: `OK, ${what} ${verb} off.`,
      dim: `Dimmed ${what} a little.`,
      brighten: `Made ${what} a little brighter.`,
      pause: `OK, ${request.phrase} is paused.`,
      resume: `OK, ${request.phrase} is playing again.`,
      temperature: `OK, ${request.phrase} is set to ${request.temperature}°C.`,
    }[request.action];
  },
  none(request: HomeRequest): string {
    return request.lang === "zh" ? `我没在 Home Assistant 里找到${request.phrase}` : `I couldn't find ${request.phrase} in Home Assistant.`;
  },
  ambiguous(request: HomeRequest, entities: HomeEntity[]): string {
    const names = entities.slice(0, 5).map((e) => e.name);
    return request.lang === "zh" ? `你说的是哪一个？${names.join("、")}` : `Which one do you mean: ${names.join(", ")}?`;
  },
  failed(lang: Lang): string {
    return lang === "zh" ? "我现在连不上 Home Assistant，等会儿再试试好吗？" : "I can't reach Home Assistant right now — shall we try again in a bit?";
  },
  goodNight(lang: Lang, scene: string): string {
    return lang === "zh" ? `晚安～已经帮你打开「${scene}」，好好睡` : `Good night — I turned on "${scene}" for you. Sleep well.`;
  },
};
