// What Guimi says back about playback, in her language.
import type { Lang } from "../kernel/lang.js";
import type { MediaStatus, PlayOutcome } from "./media-controller.js";

export function describeItem(status: MediaStatus, lang: Lang): string {
  const item = status.item;
  if (!item) return lang === "zh" ? "现在没在放东西。" : "Nothing is playing right now.";
  if (item.kind !== "music") return lang === "zh" ? `现在放的是${item.title}。` : `This is ${item.title}.`;
  if (lang === "zh") return item.artist ? `${item.artist}的《${item.title}》` : `《${item.title}》`;
  return item.artist ? `"${item.title}" by ${item.artist}` : `"${item.title}"`;
}

export function playedReply(outcome: PlayOutcome, lang: Lang, what?: string): string {
  if (outcome.ok) return lang === "zh" ? `好，放${describeItem(outcome.status, lang)}。` : `Playing ${describeItem(outcome.status, lang)}.`;
  if (outcome.reason === "empty-library")
    return lang === "zh"
      ? "你的音乐库里还没有歌。在「设置」里选一个音乐文件夹，或者运行 guimi media scan <文件夹>，我就能放了。"
      : "Your music library is empty. Choose a music folder in Settings, or run guimi media scan <folder>, and I can play it.";
  if (what === "relaxing")
    return lang === "zh"
      ? "你的歌里没有标成轻音乐、民谣、爵士这类的。要不要听听雨声？"
      : "None of your songs are tagged as something calm (ambient, acoustic, jazz…). How about some rain sounds?";
  return lang === "zh" ? `你的音乐库里没找到「${outcome.query ?? ""}」。` : `I couldn't find "${outcome.query ?? ""}" in your music.`;
}

export function minutesText(minutes: number, lang: Lang): string {
  if (lang === "zh") return minutes % 60 === 0 ? `${minutes / 60} 小时` : `${minutes} 分钟`;
  return minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? "" : "s"}` : `${minutes} minutes`;
}
