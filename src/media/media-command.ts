// What she asks of the player, parsed from one utterance (zh and en) without the model. Anchored
// patterns only: a sentence that merely mentions music is left to the conversation.
import { type Lang, hasHan } from "../kernel/lang.js";
import type { SleepSoundId } from "./sleep-sounds.js";
import type { MeditationId } from "./meditation-scripts.js";

export type MediaCommand =
  | { type: "play-query"; query: string }
  | { type: "play-mine" }
  | { type: "play-relaxing" }
  | { type: "sleep-sound"; soundId: SleepSoundId; minutes: number | null }
  | { type: "meditation"; meditationId: MeditationId; minutes: number | null }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "next" }
  | { type: "stop" }
  | { type: "volume"; delta: number }
  | { type: "what" }
  | { type: "sleep-timer"; minutes: number };

const zhDigits: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 1–999 in digits or Chinese numerals (十五, 二十, 四十五). */
export function parseNumber(text: string): number | null {
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(text);
  if (!m || text === "") return null;
  if (!m[2]) return m[1] && !m[3] ? zhDigits[m[1]]! : null;
  return (m[1] ? zhDigits[m[1]]! : 1) * 10 + (m[3] ? zhDigits[m[3]]! : 0);
}

const NUM = String.raw`(\d{1,3}|[一二两三四五六七八九十]{1,3})`;

/** "30 分钟", "半小时", "一个小时", "for 30 minutes", "an hour": minutes, or null when none is said. */
export function parseMinutes(text: string): number | null {
  if (/半(个)?小时|half an hour/iu.test(text)) return 30;
  let m = new RegExp(`${NUM}\\s*(?:个)?\\s*(分钟|分|小时|钟头)`, "u").exec(text);
  if (m) {
    const n = parseNumber(m[1]!);
    if (n === null) return null;
    return m[2] === "小时" || m[2] === "钟头" ? n * 60 : n;
  }
  m = /(\d{1,3}|an?|one)\s*-?\s*(minutes?|mins?|hours?|hrs?)\b/iu.exec(text);
  if (m) {
    const n = /^\d/.test(m[1]!) ? Number(m[1]) : 1;
    return /^h/i.test(m[2]!) ? n * 60 : n;
  }
  return null;
}

const clean = (text: string) =>
  text
    .trim()
    .replace(/[\s。！!？?～~，,.]+$/u, "")
    .replace(/^(请|麻烦|帮我|给我|你|能不能|可不可以|可以|能|小蜜|闺蜜)+/u, "")
    .replace(/(吧|呗|啊|呀|嘛|好吗|好不好|可以吗|行吗|一下)+$/u, "")
    .trim();

function sleepSoundIn(text: string): SleepSoundId | null {
  // A song title in 《》 is a song, whatever words it has ("放《下雨天》").
  if (/《.+》/u.test(text)) return null;
  // English needs "sound(s)"/"noise", or the word alone: "play November Rain" is a song.
  const en = (words: string) => new RegExp(`\\b(${words})s?\\b\\s*(sounds?|noises?)\\b|^(play |put on )?(some |the )?(${words})s?( for .*)?$`, "iu");
  if (/雨声|下雨的?声音|雨的声音/u.test(text) || en("rain").test(text)) return "rain";
  if (/海浪|海边的?声音|海的声音/u.test(text) || en("wave|ocean|sea").test(text)) return "waves";
  if (/粉红噪[音声]|粉噪|pink noise/iu.test(text)) return "pink-noise";
  if (/棕色?噪[音声]|褐色?噪[音声]|brown noise/iu.test(text)) return "brown-noise";
  if (/白噪[音声]|white noise/iu.test(text)) return "white-noise";
  if (/助眠的?声音|睡觉的?声音|sleep sounds?/iu.test(text)) return "rain";
  return null;
}

function meditationIn(text: string): MeditationId | null {
  if (/4-?7-?8|四七八|呼吸练习|练习呼吸|做呼吸|深呼吸|breathing|breathe/iu.test(text)) return "breathing-478";
  if (/身体扫描|body scan/iu.test(text)) return "body-scan";
  if (/哄我睡|帮我入睡|助眠冥想|睡前冥想|睡前放松|fall(ing)? asleep|sleep meditation/iu.test(text)) return "falling-asleep";
  if (/冥想|正念|meditat|mindful/iu.test(text)) return "body-scan";
  return null;
}

const relaxingZh = /^(轻松|放松|舒缓|安静|柔和|舒服|温柔|慢|抒情|助眠|治愈)(一点|一些|点)?(的)?$/u;
const relaxingEn = /^(something )?(relaxing|calm|chill|soothing|soft|quiet|gentle)( music| songs?)?$/iu;

export function parseMediaCommand(raw: string, lang: Lang): MediaCommand | null {
  const text = clean(raw);
  if (!text || text.length > 60) return null;
  return lang === "zh" || hasHan(text) ? parseZh(text) : parseEn(text.toLowerCase());
}

function parseZh(text: string): MediaCommand | null {
  if (/^(下一首|下首|切歌|换一首|换首歌|换一首歌|下一曲|下一个)$/u.test(text)) return { type: "next" };
  if (/^(先)?(暂停|停一下|暂停播放|暂停一下)$/u.test(text)) return { type: "pause" };
  if (/^(继续|继续放|继续播放|接着放|接着听|继续听|接着播)$/u.test(text)) return { type: "resume" };
  if (/^(停|停止|停下|别放了|不听了|关掉|关了|停止播放|把(音乐|歌|声音)关了|关掉(音乐|声音|歌)|别播了)$/u.test(text)) return { type: "stop" };
  if (/^(大声点|大声一点|大点声|声音大(一)?点|调大(一点|点)?(声音|音量)?|音量调?(高|大)(一)?点?|再大声点)$/u.test(text)) return { type: "volume", delta: 15 };
  if (/^(小声点|小声一点|小点声|声音小(一)?点|调小(一点|点)?(声音|音量)?|音量调?(低|小)(一)?点?|再小声点|轻一点)$/u.test(text))
    return { type: "volume", delta: -15 };
  if (/^(这首|这|现在放的|现在播的|正在放的)(首)?(歌)?(是|叫)(什么|啥|哪首)(歌|名字)?$|^这是谁的歌$|^这首歌叫什么(名字)?$/u.test(text)) return { type: "what" };
  const timer = new RegExp(`^(${NUM}\\s*(个)?\\s*(分钟|分|小时)|半(个)?小时)(以?后|之后)(就)?(停|关|停止|关掉|关了)(吧)?$`, "u").exec(text);
  if (timer) {
    const minutes = parseMinutes(text);
    if (minutes) return { type: "sleep-timer", minutes };
  }
  const verb = /^(我想|想|我要|要)?(放|播放|播|来|听|开)(一)?(首|点|些|个|段|会儿|下)?/u.exec(text);
  const sound = sleepSoundIn(text);
  if (sound && (verb || text.length <= 8)) return { type: "sleep-sound", soundId: sound, minutes: parseMinutes(text) };
  const meditation = meditationIn(text);
  if (meditation && (verb || /^(做|带我|陪我|开始|我想|想|来)/u.test(text) || text.length <= 8))
    return { type: "meditation", meditationId: meditation, minutes: parseMinutes(text) };
  const title = /《(.{1,60}?)》/u.exec(text);
  if (title && verb) return { type: "play-query", query: title[1]!.trim() };
  if (!verb) return null;
  const rest = text
    .slice(verb[0].length)
    .replace(/^(首|点|些|个)/u, "")
    .replace(/(的)?(歌曲|歌|音乐|曲子|专辑)(吧)?$/u, "")
    .replace(/的$/u, "")
    .trim();
  const musical = /(歌|音乐|曲|专辑)/u.test(text);
  if (!rest) return musical ? { type: "play-mine" } : null;
  if (relaxingZh.test(rest)) return { type: "play-relaxing" };
  if (/^(我(喜欢|爱听|常听)的|我的|好听的|随便|随机)$/u.test(rest)) return { type: "play-mine" };
  // 来 / 听 alone are everyday words ("来点吃的"); only 放 / 播 or a word about music make it a request.
  if (!/^(我想|想|我要|要)?(放|播放|播)/u.test(verb[0]) && !musical) return null;
  return { type: "play-query", query: rest };
}

function parseEn(text: string): MediaCommand | null {
  const t = text
    .replace(/^(hey |ok |okay )?(guimi,? )?/u, "")
    .replace(/[\s.!?]+$/u, "")
    .replace(/\s*please$/u, "")
    .replace(/^(can you |could you |would you )?(please )?/u, "");
  if (/^(next|skip|next (song|track|one)|skip (this|it|this (song|track)))$/u.test(t)) return { type: "next" };
  if (/^(pause|pause (it|the music|this|playback))$/u.test(t)) return { type: "pause" };
  if (/^(resume|unpause|continue (playing|the music)|keep playing|resume (the music|playing|playback))$/u.test(t)) return { type: "resume" };
  if (/^(stop|stop (it|the music|playing|playback|this)|turn (it|the music) off|turn off the music)$/u.test(t)) return { type: "stop" };
  if (/^(louder|turn it up|volume up|a bit louder|turn up the volume)$/u.test(t)) return { type: "volume", delta: 15 };
  if (/^(quieter|softer|turn it down|volume down|a bit quieter|turn down the volume)$/u.test(t)) return { type: "volume", delta: -15 };
  if (/^(what song is this|what('s| is) (playing|this song)|what am i listening to|who sings this)$/u.test(t)) return { type: "what" };
  const timer = /^(stop|turn (it )?off)( playing| the music)? (in|after) (.+)$|^sleep timer (.+)$/u.exec(t);
  if (timer) {
    const minutes = parseMinutes(t);
    if (minutes) return { type: "sleep-timer", minutes };
  }
  const verb = /^(i want to |i'd like to |let's |lets )?(play|put on|start|do|listen to|guide me through|give me)\s+/u.exec(t);
  const sound = sleepSoundIn(t);
  if (sound && (verb || t.split(" ").length <= 3)) return { type: "sleep-sound", soundId: sound, minutes: parseMinutes(t) };
  const meditation = meditationIn(t);
  if (meditation && (verb || /^(help me|guide me|let's|i want to|i'd like to)/u.test(t) || t.split(" ").length <= 3))
    return { type: "meditation", meditationId: meditation, minutes: parseMinutes(t) };
  // "let's play a game" is not a song request.
  if (!verb || !/^(play|put on|listen to)$/u.test(verb[2]!) || /^(let's|lets)/u.test(verb[1] ?? "")) return null;
  if (/\b(game|games|cards|chess|with me|together|tricks?|pretend|a round)\b/u.test(t)) return null;
  const rest = t
    .slice(verb[0].length)
    .replace(/^(some|a|the|any)\s+/u, "")
    .replace(/^(songs?|music|tracks?) (by|from)\s+/u, "")
    .replace(/^by\s+/u, "")
    .replace(/\s+(songs?|music)$/u, "")
    .trim();
  if (!rest || /^(music|songs?|a song|something|my (songs|music|favou?rites)|what i like|my playlist)$/u.test(rest)) return { type: "play-mine" };
  if (relaxingEn.test(rest)) return { type: "play-relaxing" };
  return { type: "play-query", query: rest.replace(/^["“']|["”']$/gu, "") };
}
