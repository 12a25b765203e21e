import { hasHan } from "../../kernel/lang.js";

// Concept features for the crisis classifier, for Chinese text: words mapped to twenty classes (what a clinician
// screens for: dying, wanting, ending, being a burden, a method, a goodbye …; and what tells everyday talk apart:
// "I", someone else, a joke, an ad …) and the classes that follow one another within a clause ("我 > 想 > 死").
// There are about two hundred real Chinese at-risk posts to learn from, too few for every wording's n-grams to be
// seen; a class lets "想解脱", "想了结", "想离开这个世界" teach each other. English has ten times the posts and the
// MLP, and the same classes for English gave it a lower out-of-fold recall (0.799, against 0.805–0.816 across runs
// without them), so it has none. Input is normalizeCrisisText's output.

/** Class: its terms, space-separated, matched as substrings. */
export const ZH_CONCEPTS: Record<string, string> = {
  first: "我 俺 自己 本人 老子",
  other: "他 她 别人 朋友 同学 网友 男子 女子 学生 歌手 明星 邻居 男主 女主 主角 主人公 角色",
  want: "想 要 准备 打算 决定 计划 宁愿 希望 渴望 真想 好想 只想",
  neg: "不 没 别 无 莫 勿",
  death: "死 自杀 轻生 寻死 了结 了断 解脱 不在了 消失 长眠 永眠 往生 安息 离开这个世界 离开世界 走了 去世 离世",
  life: "活 生命 人生 存在 这辈子 人间 世上 这个世界",
  afterlife: "下辈子 来世 投胎 天堂 那边 另一个世界 轮回 彼岸 来生",
  join: "去找你 去陪你 陪你 跟你走 带我走 一起走 等我 找你",
  tired: "累 疲惫 撑不 熬不 坚持不 受不了 扛不住 承受不 崩溃 挺不 支撑不",
  giveup: "放弃 算了 够了 受够 再也不 不想再 结束 尽头 到头 终结",
  hopeless: "绝望 没希望 没有希望 失去希望 没意思 意义 无所谓 无望 没用 废物 多余 拖累 累赘 负担 失败 一无是处 不值得 没救 无助 迷茫 看不到",
  pain: "痛苦 难受 折磨 煎熬 心痛 抑郁 焦虑 失眠 哭 眼泪 孤独 孤单 寂寞 空虚 害怕 恐惧 难过 伤心 悲 压抑 黑暗 痛",
  method: "药 安眠 刀 割腕 割 跳楼 跳河 跳江 跳下 上吊 烧炭 楼顶 天台 绳 血 煤气 农药 服毒 卧轨 高楼 桥 楼",
  harm: "自残 自伤 伤害自己 划 伤口 疤",
  farewell: "再见 永别 告别 遗书 遗言 后事 拜拜 最后 晚安 道别 对不起 抱歉 谢谢",
  time: "今晚 今天 明天 马上 早点 早日 快点 现在 终于 迟早 总有一天 一天 每天",
  family: "爸 妈 父母 家人 家里 孩子",
  joke: "哈哈 笑死 呵呵 嘻嘻 233 笑 搞笑",
  joy: "开心 快乐 幸福 喜欢 好吃 可爱 漂亮 美 祝 生日 恭喜 期待",
  ad: "转发 关注 抽奖 优惠 包邮 链接 活动 粉丝 新品 价格 购买 分享",
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");

// One pass over all terms, longest first, each text position read once: "不想再" is giving up (not also "不" and
// "想"), "拖累" a burden (not also tired), "活动" an ad (not also living). Overlapping reads would multiply into
// pairs and triples no one wrote.
const CLASS_OF = new Map<string, string>();
for (const [cls, terms] of Object.entries(ZH_CONCEPTS)) {
  for (const term of terms.split(" ")) {
    if (CLASS_OF.has(term)) throw new Error(`crisis concepts: "${term}" is in two classes`);
    CLASS_OF.set(term, cls);
  }
}
const TERMS = new RegExp(
  [...CLASS_OF.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|"),
  "gu",
);
/** Text with each concept term, read as conceptKeys reads it, replaced by f(term, its class). */
export function mapConceptTerms(text: string, f: (term: string, cls: string) => string): string {
  return text.replace(TERMS, (term) => f(term, CLASS_OF.get(term)!));
}

const CLAUSE_BREAK = /[，。！？,.!?；;:：\n…~～、()（）"“”]+/u;
/** How far apart (in characters) two classes may be and still count as one phrase. */
const SPAN = 8;
/** Occurrences kept per clause: bounds the pair and triple work on long text. */
const MAX_PER_CLAUSE = 12;

interface Hit {
  at: number;
  cls: string;
}

function hitsIn(clause: string): Hit[] {
  const hits: Hit[] = [];
  if (!hasHan(clause)) return hits;
  for (const m of clause.matchAll(TERMS)) {
    const cls = CLASS_OF.get(m[0])!;
    // A class repeated back to back says nothing more; keep the first of a run.
    if (hits.at(-1)?.cls === cls) continue;
    hits.push({ at: m.index, cls });
    if (hits.length >= MAX_PER_CLAUSE) break;
  }
  return hits;
}

/**
 * The concept keys of a normalized text: each class present ("k:death"), and ordered pairs and triples of
 * classes within a clause and a short span ("k2:want>death", "k3:first>want>death").
 */
export function conceptKeys(normalized: string): string[] {
  const keys = new Set<string>();
  for (const clause of normalized.split(CLAUSE_BREAK)) {
    const hits = hitsIn(clause);
    for (let i = 0; i < hits.length; i++) {
      const a = hits[i]!;
      keys.add("k:" + a.cls);
      for (let j = i + 1; j < hits.length && hits[j]!.at - a.at <= SPAN; j++) {
        const b = hits[j]!;
        keys.add(`k2:${a.cls}>${b.cls}`);
        for (let k = j + 1; k < hits.length && hits[k]!.at - a.at <= SPAN * 1.5; k++) keys.add(`k3:${a.cls}>${b.cls}>${hits[k]!.cls}`);
      }
    }
  }
  return [...keys];
}
