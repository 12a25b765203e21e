// Crisis help lines by region (ISO 3166 alpha-2), chosen by her locale — her setting, else her time zone —
// never by language alone (English is not always the US; Chinese is not always the mainland).
// Numbers are the well-known public ones; the source of each is in the comment beside it. She can add
// her own line or pick a region in settings (safety.helplineRegion / safety.customHelpline).
import type { Lang } from "../../kernel/lang.js";

export interface Helpline {
  name: string;
  phone: string;
  /** e.g. "24 小时" / "24/7". */
  hours?: string;
}

export interface RegionHelplines {
  /** Names of the region for the settings page. */
  name: { zh: string; en: string };
  lines: readonly Helpline[];
  /** The emergency number to call when she is in danger right now. */
  emergency: string;
}

export const HELPLINE_TABLE: Readonly<Record<string, RegionHelplines>> = {
  // 希望24热线 400-161-9995 (https://www.hope24.org.cn, 24 h); 北京心理危机研究与干预中心 010-82951332
  // (Beijing Huilongguan Hospital, https://www.crisis.org.cn, 24 h). Emergency 120 (ambulance) / 110 (police).
  CN: {
    name: { zh: "中国大陆", en: "Mainland China" },
    lines: [
      { name: "全国心理援助热线（希望24热线）", phone: "400-161-9995", hours: "24 小时" },
      { name: "北京心理危机研究与干预中心", phone: "010-82951332", hours: "24 小时" },
    ],
    emergency: "120 / 110",
  },
  // 香港撒瑪利亞防止自殺會 Samaritan Befrienders Hong Kong 2389 2222 (https://sbhk.org.hk, 24 h);
  // 生命熱線 Suicide Prevention Services 2382 0000 (https://www.sps.org.hk, 24 h);
  // The Samaritans 撒瑪利亞會, multilingual, 2896 0000 (https://samaritans.org.hk, 24 h). Emergency 999.
  // All three and their hours checked against HKU's Centre for Suicide Research and Prevention's list
  // (https://csrp.hku.hk/getting-help/).
  HK: {
    name: { zh: "香港", en: "Hong Kong" },
    lines: [
      { name: "香港撒瑪利亞防止自殺會 Samaritan Befrienders Hong Kong", phone: "2389 2222", hours: "24 小时" },
      { name: "生命熱線 Suicide Prevention Services", phone: "2382 0000", hours: "24 小时" },
      { name: "The Samaritans 撒瑪利亞會 (multilingual)", phone: "2896 0000", hours: "24/7" },
    ],
    emergency: "999",
  },
  // 衛生福利部 1925 安心專線 (https://www.mohw.gov.tw, 24 h, free); 生命線 1995 (https://www.life1995.org.tw);
  // 張老師 1980 (https://www.1980.org.tw). Emergency 119 / 110.
  TW: {
    name: { zh: "台湾", en: "Taiwan" },
    lines: [
      { name: "衛福部安心專線", phone: "1925", hours: "24 小时" },
      { name: "生命線協談專線", phone: "1995", hours: "24 小时" },
      { name: "張老師專線", phone: "1980" },
    ],
    emergency: "119 / 110",
  },
  // 988 Suicide & Crisis Lifeline, call or text (https://988lifeline.org, 24/7). Emergency 911.
  US: {
    name: { zh: "美国", en: "United States" },
    lines: [{ name: "988 Suicide & Crisis Lifeline (call or text)", phone: "988", hours: "24/7" }],
    emergency: "911",
  },
  // Samaritans 116 123 (https://www.samaritans.org, 24/7, free); Shout, text SHOUT to 85258 (https://giveusashout.org).
  // Emergency 999.
  GB: {
    name: { zh: "英国", en: "United Kingdom" },
    lines: [
      { name: "Samaritans", phone: "116 123", hours: "24/7" },
      { name: "Shout (text SHOUT)", phone: "85258", hours: "24/7" },
    ],
    emergency: "999",
  },
  // 9-8-8 Suicide Crisis Helpline, call or text (https://988.ca, 24/7, since 30 Nov 2023). Emergency 911.
  CA: {
    name: { zh: "加拿大", en: "Canada" },
    lines: [{ name: "9-8-8 Suicide Crisis Helpline (call or text)", phone: "988", hours: "24/7" }],
    emergency: "911",
  },
  // Lifeline Australia 13 11 14 (https://www.lifeline.org.au, 24/7); Beyond Blue 1300 22 4636 (https://www.beyondblue.org.au).
  // Emergency 000.
  AU: {
    name: { zh: "澳大利亚", en: "Australia" },
    lines: [
      { name: "Lifeline", phone: "13 11 14", hours: "24/7" },
      { name: "Beyond Blue", phone: "1300 22 4636", hours: "24/7" },
    ],
    emergency: "000",
  },
  // Samaritans of Singapore (SOS) 1767, 24 h (https://www.sos.org.sg). Emergency 995 (ambulance) / 999 (police).
  SG: { name: { zh: "新加坡", en: "Singapore" }, lines: [{ name: "Samaritans of Singapore (SOS)", phone: "1767", hours: "24/7" }], emergency: "995 / 999" },
};

export type HelplineRegion = keyof typeof HELPLINE_TABLE;
export const HELPLINE_REGIONS = Object.keys(HELPLINE_TABLE);

const CANADA_ZONES =
  /^America\/(Toronto|Vancouver|Edmonton|Winnipeg|Halifax|St_Johns|Regina|Montreal|Moncton|Glace_Bay|Goose_Bay|Whitehorse|Yellowknife|Iqaluit|Dawson_Creek|Dawson|Swift_Current|Rankin_Inlet|Resolute|Cambridge_Bay|Inuvik|Fort_Nelson|Creston|Atikokan|Blanc-Sablon|Nipigon|Thunder_Bay|Rainy_River|Pangnirtung)$|^Canada\//;

/** The region her time zone says, or null when the table has no line for it. */
export function regionFromTimeZone(timeZone: string): string | null {
  if (/^Asia\/(Shanghai|Chongqing|Chungking|Harbin|Urumqi|Kashgar)$|^PRC$/.test(timeZone)) return "CN";
  if (/^Asia\/Hong_Kong$|^Hongkong$/.test(timeZone)) return "HK";
  if (/^Asia\/Taipei$|^ROC$/.test(timeZone)) return "TW";
  if (/^Asia\/Singapore$|^Singapore$/.test(timeZone)) return "SG";
  if (/^Europe\/(London|Belfast)$|^GB$|^GB-Eire$/.test(timeZone)) return "GB";
  if (/^Australia\//.test(timeZone)) return "AU";
  if (CANADA_ZONES.test(timeZone)) return "CA";
  if (/^America\/|^US\//.test(timeZone)) return "US";
  return null;
}

/** Region of a BCP 47 locale ("zh-HK" → "HK"), or null. */
export function localeRegion(locale: string | undefined): string | null {
  const m = /[-_]([A-Za-z]{2})\b/u.exec(locale ?? "");
  return m ? m[1]!.toUpperCase() : null;
}

export interface HelplineChoice {
  region: string | null;
  lines: Helpline[];
  emergency: string;
}

export interface HelplinePreference {
  /** "auto" (from the time zone) or a region of the table. */
  helplineRegion?: string;
  /** Her own line, given first. */
  customHelpline?: Helpline | null;
}

/**
 * Her lines: her own first, then her region's (her setting, else the locale, else the time zone). With no
 * known region, the language's usual region still gives real numbers, and the emergency advice stays general.
 */
export function chooseHelplines(opts: { lang: Lang; timeZone?: string; locale?: string; preference?: HelplinePreference }): HelplineChoice {
  const pref = opts.preference ?? {};
  const chosen = pref.helplineRegion && pref.helplineRegion !== "auto" ? pref.helplineRegion : null;
  const region = [chosen, localeRegion(opts.locale), opts.timeZone ? regionFromTimeZone(opts.timeZone) : null].find((r) => r && HELPLINE_TABLE[r]) ?? null;
  const table = HELPLINE_TABLE[region ?? (opts.lang === "zh" ? "CN" : "US")]!;
  const lines = [...(pref.customHelpline ? [pref.customHelpline] : []), ...table.lines];
  const emergency = region ? table.emergency : opts.lang === "zh" ? "当地的急救电话" : "your local emergency number";
  return { region, lines, emergency };
}
