// The crisis detector's first layer: hand-written rules for zh and en (explicit statements, methods,
// idiom guards). Deterministic, auditable, never delegated to the LLM. Recall matters more than precision, but everyday hyperbole
// ("笑死我了", "this traffic is killing me") must stay calm, so idioms are removed before matching
// and desire-type triggers are ignored when negated in their own clause ("我不会自杀的").
import { hasHan } from "../../kernel/lang.js";
import { toSimplified } from "../../kernel/simplified-chinese.js";

export type CrisisRisk = "none" | "possible" | "high";

export interface RuleAssessment {
  risk: CrisisRisk;
  /** Ids of the rules that fired, e.g. "zh.not_want_live" (for logs and tests; never shown to the user). */
  matched: string[];
  /** Only ambiguous rules fired (see Rule.ambiguous). */
  ambiguous: boolean;
  /** A risk phrase was there but negated in its clause ("我不会自杀的", "I would never kill myself"). */
  negated: boolean;
}

/** What a rule contributes when it fires. */
type RuleHit = Pick<Rule, "id" | "level" | "ambiguous">;

interface Rule {
  id: string;
  level: Exclude<CrisisRisk, "none">;
  re: RegExp;
  /** Ignore the match when a negator precedes it in the same clause. */
  negatable?: boolean;
  /**
   * Words people also use as hyperbole ("I want to die, this pretzel…", "kill myself laughing" variants):
   * the classifier, which sees the whole sentence, decides whether this one is.
   */
  ambiguous?: boolean;
  /**
   * The rule a match becomes when the clause before it names someone else as the one who did it ("我们学校有个学生
   * 跳楼了", "男子跳河轻生"): a loss she heard of, asked about gently, not her own statement.
   */
  someoneElse?: RuleHit;
}

const MAX_CHARS = 2000;

// --- idioms and hyperbole, blanked out before any rule runs ---
const ZH_IDIOMS: RegExp[] = [
  /(笑|难|累|饿|热|冷|困|忙|烦|气|急|吓|痛|疼|美|帅|萌|可爱|高兴|开心|爽|撑|渴|无聊|丑|尴尬|羡慕|嫉妒|馋|懒|闷|晒|冻|难吃|好吃|好喝|好看|好玩|好听|好笑|挤|吵|臭|酸|辣|甜|咸|紧张|激动|感动|折腾|折磨|麻烦|郁闷|闲|困倦|乐)(得)?(快)?(要)?死(了|啦|我了|人了|人|我|掉了)?/gu,
  /[得的](快)?要(死|命)/gu,
  /想死(你|您|他|她|它|我|咱|宝|妈|爸|大家)/gu,
  /(跳楼(价|大甩卖|甩卖|机)|自杀式|死机|死党|死磕|死心|死定了|死活|要死要活|死宅|死忠|死鬼|死相|半死|该死的|死记硬背|死胡同|装死|生死时速|拼死|死线|死亡笔记|打死我也不|打死也不)/gu,
  /(你|你们|他|她|他们|她们)[^，。！？,.!?]{0,3}去死/gu,
  /去死吧?你/gu,
  /死在(床上|沙发上|被窝里?|床)/gu,
  /消失(一会儿?|一下|几天|一阵子?|几个小时)/gu,
  /(游戏|角色|小说|电影|剧里|剧中|电视剧|纪录片|剧情|情节|书里|文章|新闻|报道)[^，。！？]{0,12}(自杀|跳楼|死)/gu,
  // Suicide as a subject of study or prevention ("自杀预防", "关于自杀的讲座"); a hotline she called is not here.
  /(预防|防止|干预|关于)[^，。！？]{0,2}自杀|自杀(预防|干预|率|的?(新闻|报道|事件|案件|话题|研究|统计|数据))/gu,
  // Social death (embarrassment) and "mum will beat me to death" are jokes, not risk.
  /社死|社会性死亡/gu,
  // "开会开得我想原地消失" / "原地去世": on the spot, of embarrassment or delight; "哭死我了" over a drama.
  /原地(消失|去世|升天|爆炸|死亡|自闭)/gu,
  /哭死(我了|了|啦)/gu,
  // A plant or a pet that did not make it ("仙人掌养死了"), and "要死了要死了" said twice over homework.
  /(养|种|浇)死(了|啦)?/gu,
  // On the roof for fireworks or laundry ("去楼顶看烟花", "在天台晒被子").
  /(去|在|到|上)(楼顶|天台|阳台)(上)?(看|晒|收|吃|拍|喝|玩|烧烤|聚|乘凉|种|浇)/gu,
  /(狗|猫|鱼|仓鼠|兔子|鸟|乌龟|宠物|花|草|植物|仙人掌|多肉)[^，。！？,.!?我]{0,3}(老死|病死|饿死|冻死|死掉|死)了/gu,
  // "考完终于解脱了": relief when a task is over ("一切都结束了，终于解脱了" keeps its words).
  /(项目|考试|论文|作业|工作|加班|答辩|面试|期末|考完|做完|写完|忙完|交完|下班|放假|毕业|交稿|上线)[^。！？]{0,10}解脱(了|啦)?/gu,
  /(要死了[，,!！~～\s]*){2,}/gu,
  // A task or a holiday that ends ("明天就要结束实习了", "寒假结束了"). (Not "人总有一天会死": "…，我只想早点" follows it.)
  /结束(了)?(实习|工作|假期|考试|课程|项目|旅行|合同|学期|比赛|会议|培训|出差|军训)|(实习|假期|考试|课程|项目|旅行|合同|学期|比赛|会议|培训|出差|军训|寒假|暑假|国庆|春节|长假|演唱会|节目)[^，。！？,.!?]{0,4}结束(了)?/gu,
  // Worn out by toil ("加班到凌晨，感觉快死了", "跑完十公里要死了"): exhaustion, not a wish. Not a failed exam, and not
  // once she says "我" ("我要死了" is asked about).
  /(加班|熬夜|通宵|跑步|跑完|健身|搬家|开会|爬山|军训|带娃|干活|出差)[^。！？!?我]{0,10}(感觉)?(快|要)死了/gu,
  /(会|要|得|肯定|非)(把我)?(打|揍|骂|削)死我/gu,
  // "想死了都没想出来": racking her brains over a problem. "老板会骂死我" is above.
  /想死了?都(没|没有)?想(不)?(出来|明白|通|到)/gu,
  // A knife in the kitchen ("把刀磨好准备做饭").
  /刀[^，。！？]{0,6}(做饭|切菜|炒菜|切肉|剁|削水果|切水果|磨刀石)|(做饭|切菜|炒菜|切肉|剁|削水果|切水果)[^，。！？]{0,6}刀/gu,
  // "我姐要杀了我" (I broke her lipstick): someone else "killing" her is a scolding too.
  /(妈|爸|姐|哥|弟|妹|老婆|老公|男朋友|女朋友|老板|老师|室友|同事|闺蜜|他|她)[^，。！？,.!?]{0,4}(要|会|得|肯定|非)(杀|宰|弄死)了?我/gu,
  // "难死人了" / "烦死人了": an adjective "to death" of anyone is a complaint.
  /(难|烦|热|冷|累|饿|气|吵|挤|闷|急|愁|贵|忙|痛|疼|痒|晒|馋|吓|臭|丑|懒|坑)死人(了|啦)?/gu,
  // Worn down by work, clients, homework: "又被甲方折磨了一天".
  /被(甲方|老板|客户|领导|同事|作业|工作|考试|论文|孩子|熊孩子|需求|产品经理|房东|deadline)[^，。！？,.!?]{0,4}折磨/gu,
  // Wanting to live well is protective; "不想好好活了" keeps its words (the negator is not blanked over).
  /(?<![不没别][^，。！？]{0,2})(想|要|会|得)好好(地)?活(下去|着)?/gu,
];

const EN_IDIOMS: RegExp[] = [
  /\b(dying|died|die|dead)\s+(of|from|with)\s+(laughter|laughing|embarrassment|shame|boredom|heat|cuteness|curiosity|hunger|thirst|excitement|envy)\b/gu,
  /\b(dying|die) to (see|try|know|meet|go|hear|get|read|watch|eat|tell|find)\b/gu,
  /\b(killed|kill|killing) myself laughing\b/gu,
  // Dyeing hair or clothes (the classifier reads "want to dye" close to "want to die").
  /\b(dye|dyed|dyeing)\s+(my|her|his|the|it|them|this|that)?\s*(hair|roots|clothes|shirt|jeans|dress|fabric|eggs|it|them)\b/gu,
  // "this meme made me kms 😂": a laugh, not a plan.
  /\b(made|makes|making) me (want to |wanna )?kms\b|\bkms\b(?=[^.!?]{0,16}(lol|lmao|haha|😂|🤣|💀))/gu,
  /\b(laughed|laughing) myself to death\b/gu,
  /\bto die for\b/gu,
  /\b(scared|bored|worried|tickled|loved) to death\b/gu,
  /\bdead (tired|serious|wrong|right|set|end|last|on)\b/gu,
  /\b(killing|killed|kill) (it|time|the vibe|the game|the mood)\b/gu,
  // Suicide as a statistic or a subject of study is not her own (a hotline she called is, so it is not here).
  /\bsuicide (squad|doors?|bomb\w*|mission|run|prevention|awareness|rates?|statistics|stats|research|study|studies)\b/gu,
  /\b(phone|battery|laptop|car|plants?|game|character|flowers?|fish|goldfish)\s+(keeps?\s+dying|died|dies|is\s+dying|are\s+dying|just\s+died)\b/gu,
  /\b(i'?d|i would|i could) kill for\b/gu,
  // "Mom will kill me if I'm late" is a scolding, not a threat to oneself.
  /\b(mom|mum|dad|my (mom|mum|dad|mother|father|parents|boss|teacher))('?ll| will| would| is going to| are going to| gonna) (literally )?kill me\b/gu,
  // "The deadline is killing me", "that exam killed me": a thing, not she, is doing it (feelings excepted).
  /\b(this|the|that|these|those|my|your|his|her|our|their) (?!(depression|loneliness|pain|sadness|anxiety|grief|guilt|emptiness|thoughts?|voices?|life|living|existence|world)\b)[a-z']+( [a-z']+)? (is |are |was |were )?(killing|killed|kills|(gonna|going to|will|'ll) kill) (me|my feet|my back)\b/gu,
  // Wanting a long life is protective.
  /\b(i )?want to live (a )?(long|happy|full|good)\b/gu,
];

// --- rules ---
// Someone else's suicide or attempt, heard of or reported: exposure is a risk factor, so a gentle check (as en.suicide_loss).
const ZH_SUICIDE_LOSS: RuleHit = { id: "zh.suicide_loss", level: "possible" };
// The clause before the act names another person as its subject, with no "I" in it and no wish of hers in between
// ("跟男朋友分手想自杀" and "我想和他一起跳楼" stay hers).
const ZH_OTHER_ACTOR =
  /(他|她|他们|她们|朋友|同学|学生|室友|同事|邻居|老人|男子|女子|男孩|女孩|男生|女生|少年|少女|一名|网友|明星|歌手|演员|亲戚|哥哥|姐姐|弟弟|妹妹|爸爸|妈妈|爷爷|奶奶|外公|外婆|舅舅|阿姨|叔叔|别人)[^想要准备打算宁愿，。！？,.!?]{0,6}$/u;
const isSomeoneElse = (before: string) => !/我(?!们)/u.test(before) && ZH_OTHER_ACTOR.test(before);

const ZH_RULES: Rule[] = [
  {
    id: "zh.suicide",
    level: "high",
    re: /自杀|自尽|轻生|寻死|寻短见|了结自己|了断自己|自我了断|自我了结|结束(我的|自己的?)?生命/gu,
    negatable: true,
    someoneElse: ZH_SUICIDE_LOSS,
  },
  // "我想 die": the same wish with the English word, as mixed-language messages write it.
  { id: "zh.want_die", level: "high", re: /(想|好想|真想|只想|准备|打算|宁愿|宁可|不如|我要)(去)?(死(掉|了算了|了)?|\s*die\b)/gu, negatable: true },
  // 紫砂 / 自鲨 / 自sha: internet homophones of 自杀, written to slip past filters (紫砂壶 is a teapot).
  {
    id: "zh.suicide_slang",
    level: "high",
    re: /(想|好想|真想|只想|要|去|准备|打算)(去)?(紫砂|自鲨|自刹|自sha|zisha)(?=$|[了啊呀吧哦噢呢嘛算，。！？!?.,…~\s]|的(心|念头|想法))/gu,
    negatable: true,
  },
  // Preparatory acts: giving her things away.
  {
    id: "zh.giving_away",
    level: "possible",
    re: /(我的)?(东西|猫|狗|宠物)[^，。！？]{0,3}(都|全部|全都)(送人|送给别人|分给别人|送掉)了?|把(我的)?(猫|狗|宠物|孩子|女儿|儿子|爸妈|父母)[^，。！？]{0,3}托付给|(把|将)(银行卡|卡|支付宝|微信|手机|电脑)[^，。！？]{0,4}密码[^，。！？]{0,4}(告诉|留给|交给|写给)|把(存款|积蓄|所有的钱|钱)[^，。！？]{0,3}(都|全部|全都)(转给|留给|给了)|(拿着|握着|攥着)[^，。！？]{0,2}(刀片|刀|药|绳子)[^，。！？]{0,4}(看|发呆|犹豫|坐)[^，。！？]{0,2}(了)?(很久|好久|半天|一夜|一晚上)/gu,
  },
  // Farewells that are final: "永别了", "再见了，永远", "对不起大家，我先走一步了" ("我先走一步，你们慢慢吃" is not).
  {
    id: "zh.farewell",
    level: "possible",
    re: /永别|(再见|告别)了?[，,\s]*永远|永远(地)?(再见|告别)|(对不起|抱歉|再见|永别|保重)[^。！？]{0,12}先走一步|先走一步了?[^。！？]{0,6}(对不起|再见|保重|别难过)|(已经|都)(跟|和|向)[^，。！？]{0,8}(道别|告别)(了|过了)|(今天|今晚|明天)(就)?是我(的|人生的?)?最后一(天|晚|夜)(了|吧)?(?=$|[。！？，,.!?…\s])|(这是)?(我)?最后一次(跟|和|对)(你|你们|大家)(说话|聊天|说)(了)?(?=$|[。！？，,.!?…\s吧])/gu,
    negatable: true,
  },
  // A letter to those she would leave ("写好给妈妈的信了"): also a birthday card, so the classifier decides.
  {
    id: "zh.letter_left",
    level: "possible",
    ambiguous: true,
    re: /(写|留)(好|完)?了?[^，。！？]{0,4}给(妈妈|爸爸|爸妈|家人|父母|你们|大家|他|她|我妈|我爸)的(信|话)|(录|写)(下来|好)了?[^，。！？]{0,3}留给(我妈|我爸|爸妈|家人|父母|你们|大家|妈妈|爸爸|他|她)|(写|立|准备)(好)?了?(我的)?遗嘱|(妈妈|爸爸|爸妈|妈|爸|大家|你们|家人)[，,\s]*对不起[^。！？]{0,8}尽力了|对不起(妈妈|爸爸|爸妈|大家|你们|家人)[^。！？]{0,8}尽力了|(?<![他她它你])(再也)?不会再回来了(?=$|[。！？，,.!?…\s])|(想|要)去(陪|找)(外婆|奶奶|爷爷|外公|姥姥|姥爷)了(?=$|[。！？，,.!?…\s])/gu,
  },
  // A means got hold of ("买好了炭", "攒了安眠药"); also everyday (charcoal for a barbecue), so the classifier decides.
  {
    id: "zh.method_got",
    level: "possible",
    ambiguous: true,
    re: /(买|备|准备|攒|存|囤)(好|够|齐)?了?[^，。！？]{0,4}(木炭|炭|安眠药|农药|绳子|刀片)/gu,
  },
  { id: "zh.self_go_die", level: "high", re: /(我|自己)[^，。！？,.!?你他她]{0,4}(去死|死了算了|死掉算了|死了就好了|死了就解脱)/gu, negatable: true },
  {
    id: "zh.let_me_die",
    level: "high",
    re: /让我(去)?死|死了算了|我(是不是|还是|要是)?(就)?死了(算了|最好|好了|比较好|更好|就好了)|(我|自己)[^，。！？]{0,3}该死(?!的)/gu,
    negatable: true,
  },
  // Ambivalence: "我不想死，可是…" turns from dying towards what hurts ("虽然很难过，但我不想死" turns towards living: calm).
  { id: "zh.ambivalent", level: "possible", re: /不想(去)?死[了啊呀啦，,…\s]{0,2}(但|可是|可|却|只是|不过)/gu },
  {
    id: "zh.not_want_live",
    level: "high",
    re: /不想(再)?活(了|下去|着)?|不想(再)?(待|呆|留)在这个?(世界|世上|人间)|活不下去|活够了|不想(再)?(存在|醒来|醒过来)|不要再醒来/gu,
  },
  {
    id: "zh.leave_world",
    level: "high",
    re: /(离开|告别)(这个|这)?(世界|人间|人世)|(从|在)这个世界(上)?消失|(写|留|准备)(好)?(了)?(遗书|遗言)|(遗书|遗言)[^，。！？]{0,6}(写好|写完|准备好|留好)了?|(跟|和|向|对)这个世界(说|道)?(再见|告别|永别)|安排(好)?(了)?后事|交代(好)?后事|后事[^，。！？]{0,4}(安排|交代)/gu,
  },
  {
    id: "zh.method",
    level: "high",
    re: /割腕|跳楼|一跃而下|跳河|跳江|跳海|上吊|烧炭|卧轨|服毒|喝农药|(吃|吞|攒)[^，。！？]{0,4}(安眠药|一整瓶|整瓶药|一把药)|把[^，。！？]{0,6}(安眠药|药)[^，。！？]{0,3}(全|都|全部)(吃|吞)(了|掉|下)|从[^，。！？]{0,6}跳下去|(想|要|准备)跳下去/gu,
    negatable: true,
    someoneElse: ZH_SUICIDE_LOSS,
  },
  // Passive wish to be dead (C-SSRS 1): an accident or an illness she would welcome, not waking up.
  {
    id: "zh.passive_wish",
    level: "high",
    re: /(希望|真希望|巴不得|但愿)[^，。！？]{0,4}(出车祸|被车撞(死)?|得绝症|得癌症|出意外|一睡不醒)|(要是|如果)[^，。！？]{0,4}(出车祸|被车撞(死)?|得绝症|得癌症|出意外|一睡不醒)[^，。！？]{0,2}(就好了|多好|也好|算了)|(希望|但愿|真想|好想)[^，。！？]{0,4}(不要|别|不会|再也不)(再)?(醒来|醒过来)|(要是|如果|真希望|希望)[^，。！？]{0,6}(死掉|死了|死去)[^，。！？]{0,2}(就好了|多好|也好)|(要是|如果|希望|但愿|真希望)(我)?(没|没有|从没|从来没)(出生|被生下来|来到这个世界)/gu,
    negatable: true,
  },
  {
    id: "zh.sleep_forever",
    level: "possible",
    re: /永远(地)?睡(下去|着|过去)|一睡不醒|长眠不醒|永远(地)?睡去|永远(地)?闭上(眼睛|眼)|再也不(想)?睁开眼|死(了)?(好像|感觉|似乎|应该|也许)?(会|也)?(挺|很|更|比较)?(轻松|舒服|安详|容易|好受)|(要是|如果|希望|但愿)明天(永远)?(不会|不要|别)(再)?(来|到来)/gu,
    negatable: true,
  },
  // Looking up how: lethal doses, painless ways.
  // Looking up the tallest building or a height that kills: a gentle check (a tourist asks it too).
  {
    id: "zh.height_search",
    level: "possible",
    re: /(查|搜|看)(了|过)?[^，。！？]{0,6}(哪(座|栋|个)楼最高|多高[^，。！？]{0,4}(摔死|会死|能死)|几楼[^，。！？]{0,4}(摔死|会死|能死))/gu,
  },
  // Wondering how a fall would feel, the means kept close ("刀片就放在枕头下面", "把药都攒起来了").
  {
    id: "zh.means_close",
    level: "possible",
    re: /(跳|摔|掉)下去[^，。！？]{0,4}(会不会|是什么感觉|疼不疼|会怎样|会死)|从[^，。！？]{0,6}(楼|天台|桥|窗户|阳台)[^，。！？]{0,2}下去[^，。！？]{0,3}(是什么感觉|会不会|疼不疼|会怎样|会死)|(刀片|绳子|安眠药)[^，。！？]{0,3}(就)?(放|藏)在(枕头|床头|身边|口袋)|把[^，。！？]{0,4}(安眠药|药片|药)[^，。！？]{0,3}(都|全)?(攒|存|囤|藏)(起来|着|好)|把[^，。！？]{0,4}(安眠药|药片|药)[^，。！？]{0,3}(都|全)?(倒|摆|摊)(在|出)|(在)?数(了|着)?[^，。！？]{0,2}(安眠药|药片)|(手里|手上)(拿着|握着|攥着)[^，。！？]{0,2}(刀片|美工刀|安眠药|绳子|药瓶)/gu,
  },
  // Wanting to punish herself ("我想惩罚自己"): asked about gently.
  { id: "zh.punish_self", level: "possible", re: /(想|要|该|应该)(好好)?惩罚(我)?自己/gu, negatable: true },
  { id: "zh.method_search", level: "high", re: /(查|搜|搜索|百度|问)(了|过)?[^，。！？]{0,8}(怎么死|多少药|致死量|怎么自杀|死得快|无痛(的)?死)/gu },
  // Nobody needs her: a gentle check.
  {
    id: "zh.unneeded",
    level: "possible",
    re: /没有?人(会)?(需要|在乎|关心|在意)我(?![的帮做去来干])|(这个)?世界(上)?(并)?(不需要|没人需要|不缺)我(?![们的帮做去来干])|没人会(想念|怀念|想|记得|记住|发现|在乎|在意)我(?![的帮做去来干])/gu,
    negatable: true,
  },
  // Arranging for those she leaves ("如果我不在了，请帮我照顾好我妈"), a last good night, a last wish, lingering at a height.
  {
    id: "zh.after_me",
    level: "high",
    re: /(如果|要是|假如|等)我(不在|走)了[^。！？]{0,10}(照顾|拜托|交给|托付)|永远的晚安|最后一次(说)?晚安/gu,
    negatable: true,
  },
  { id: "zh.last_wish", level: "possible", re: /(我的)?遗愿|(如果|要是|假如)(我)?(消失|不在)了|(连)?死的勇气/gu },
  // Her own funeral imagined, going to the dead ("去天国找奶奶"), parting words to those she leaves.
  {
    id: "zh.afterwards",
    level: "possible",
    re: /(想象|想|梦到|安排)[^，。！？]{0,4}(自己|我)的葬礼|去(天国|天堂|那边|另一个世界)(找|陪|见)|我(走了|不在了|死了)(以后|之后)[^。！？]{0,8}(你们|你|大家|爸妈)[^。！？]{0,2}(要)?好好|(对不起|原谅)[^。！？]{0,8}(女儿|儿子|孩儿)不孝|(辈子|一生|人间|世界)[^。！？]{0,8}不想再来/gu,
    negatable: true,
  },
  {
    id: "zh.at_height",
    level: "possible",
    re: /(站|坐|待)在(天台|楼顶|桥上|桥边|窗台)(上|边)?[^，。！？]{0,3}(站|待|坐)了(很久|好久|半天|一个小时)|(站|坐)在(天台|楼顶)边(上)?(往下看|犹豫)|(站|坐)在(天台|楼顶|桥|窗台)(上|边)?了(?=$|[。！？，,.!?…\s])/gu,
  },
  // Not wanting to be a bother any more (burden), a rest that is forever.
  {
    id: "zh.no_more_trouble",
    level: "possible",
    re: /不想再?(给|让)(任何人|所有人|大家|你们|别人|身边的人|任何一个人)[^，。！？]{0,4}(添麻烦|拖累|操心|担心)了?|永远(地)?(休息|离开)/gu,
    negatable: true,
  },
  // Cutting, and the marks it leaves ("手腕上又多了几道"): the act is high, marks alone a gentle check.
  {
    id: "zh.cutting",
    level: "high",
    re: /(割|划)(了|破|开)?[^，。！？]{0,3}(手腕|手臂|胳膊|大腿)|(又|今天|刚才|刚刚)(划|割)了(几|一|好几|很多)刀/gu,
    negatable: true,
  },
  {
    id: "zh.cut_marks",
    level: "possible",
    re: /(手腕|手臂|胳膊|大腿)上[^，。！？]{0,6}(几道|一道|好多道|刀口|口子|刀痕|疤)|(手腕|手臂|胳膊|大腿|wrists?|arms?)\s*(又|被我)(划|割)(破|伤|开)?了/gu,
  },
  {
    id: "zh.self_harm",
    level: "high",
    re: /自残|自伤|伤害自己|(划|割|烫|伤)(了)?自己|让自己(痛|疼|流血|受伤)(?!快)|把自己(弄|搞|打)(伤|疼|流血|出血)|拿刀[^，。！？]{0,4}(划|割)|想流血|看到血才/gu,
    negatable: true,
  },
  {
    id: "zh.how_to_die",
    level: "high",
    re: /不配活(着|下去)?|一死了之|只有死(了|掉)?(才能|才可以|才会)(解决|解脱|结束|轻松)|死(亡)?(才)?是(我)?(唯一的?)(出路|解脱|办法)|(怎么|怎样|如何|用什么方法)(才能)?(去)?死|怎么自杀|死法|(吞|吃)了(好多|很多|一把|一瓶|一整瓶|半瓶)[^，。！？]{0,3}药/gu,
    negatable: true,
  },
  // Wish to be dead, said sideways: "今天怎么还没死", "我这种人不该活着", "我可以死了".
  {
    id: "zh.still_alive",
    level: "high",
    re: /(怎么|为什么|为啥|凭什么)(我)?(还|还是|居然还|还要|还得)(没死|没有死|活着|不死|活在|活下去)|(不该|不应该|不值得|没资格)(再)?活(着|下去|在这个?世上)?/gu,
    negatable: true,
  },
  {
    id: "zh.why_wake",
    level: "possible",
    re: /(怎么|为什么|为啥|凭什么)(我)?(还|还要|还得|又)(要)?醒(来|过来)(?![^，。！？]{0,4}(上班|上学|上课|工作|开会|做饭|干活))/gu,
  },
  { id: "zh.can_die", level: "high", ambiguous: true, re: /我(终于)?可以(去)?死了/gu },
  // Together: "有没有一起解脱的", "约人一起烧炭".
  { id: "zh.together", level: "high", re: /(一起|结伴|组队|约人|找人)(去)?(解脱|死|自杀|结束生命|烧炭|跳楼|跳河|离开这个世界)/gu, negatable: true },
  // Passive ideation: "如果有下辈子，我不想再做人了".
  {
    id: "zh.next_life",
    level: "possible",
    re: /(下辈子|来世|下一世|来生)[^。！？]{0,8}(不想|不要|不愿意?|再也不)(再)?(做人|当人|来|出生|投胎|来这个世界)|不想(再)?(做人|当人)了/gu,
  },
  // Intent and plan with a time ("今晚就结束", "明天就走"): also everyday words ("今晚就结束这个项目"), so ambiguous.
  {
    id: "zh.plan_time",
    level: "high",
    ambiguous: true,
    re: /(今晚|今天|今夜|明天|明晚|周末|(周|星期|礼拜)[一二三四五六日天]|月底|马上|现在|待会|等下|下周|这周|过几天|生日那天)(就|就要|就该|准备|打算)(结束|走了?|了结|动手|解脱|去死|离开|告别)(?=$|[了吧啊。！？，,.!?…~\s]|(自己|生命|一切|这一切|我的生命|这个世界))(?!吧，|啦)/gu,
  },
  {
    id: "zh.if_i_died",
    level: "possible",
    re: /(如果|要是|假如)我死了|我死了(以后|之后)?[^，。！？]{0,4}(没人|不会有人|谁会|会有人)|不想(再)?坚持(了|下去)|坚持不下去|活着(太|好|真的|真)?(痛苦|煎熬|难受)/gu,
  },
  {
    id: "zh.life_pointless",
    level: "possible",
    re: /活着(真|好|太|都|也|还|根本|实在|真的)?(没|没有)(什么|啥)?(意思|意义|盼头|希望|价值|必要)|活着有什么(意思|意义|用)|人生(毫无|没有|没)(意义|希望)|没有活下去的(理由|意义|勇气)|活着好累|活着太累|活着就是(煎熬|受罪|痛苦)/gu,
  },
  {
    id: "zh.disappear",
    level: "possible",
    re: /(想|要|希望|想要|只想|好想|让我)(自己)?(永远)?消失|消失(算了|就好了|最好)/gu,
    negatable: true,
  },
  {
    id: "zh.end_all",
    level: "possible",
    re: /(结束|了结)(这)?(一切|所有)|一了百了|(想|只想|要)(永远)?(解脱|睡过去|睡下去不醒)|(想|希望|只想)(让)?一切(都)?(停下来|停止)|一睡不醒|(睡着|睡过去|睡下去)(了)?(就|再也|永远)?(不要|别|不|再也不)(再)?醒/gu,
    negatable: true,
  },
  // "一切都快结束了", "就快结束啦", "该结束了": in a tree-hole, life; also everyday words ("假期快结束了"), so
  // ambiguous, and never when the clause names what ends.
  {
    id: "zh.ending_soon",
    level: "possible",
    ambiguous: true,
    re: /(?<!(考试|假期|工作|会议|比赛|项目|课|学期|电影|节目|活动|演出|周末|旅行|疫情|冬天|夏天|今年|这周|一年|实习|培训|直播|游戏)[^，。！？]{0,3})(一切|都|就|快|马上|终于|该|是时候|想|要|准备)(都)?(要|快|该|会)?(结束|完结)(了|吧|啦|咯)/gu,
    negatable: true,
  },
  { id: "zh.kill_self", level: "high", re: /(杀死|杀了|弄死|掐死|勒死|结束掉?)(我)?自己/gu, negatable: true },
  // Said sideways, and also everyday words ("考完终于解脱了", "我死了，这也太好笑"): the classifier decides.
  { id: "zh.release", level: "possible", ambiguous: true, re: /解脱/gu, negatable: true },
  {
    id: "zh.my_death",
    level: "possible",
    ambiguous: true,
    re: /以死(谢罪|明志|解脱|了结)?|救救我/gu,
    negatable: true,
  },
  // Her own death in a clause of hers ("我这样的人死了也好", "我觉得我快要死去了"), said in ways no list can hold:
  // a gentle check. Not someone she would "beat to death" (打死他), fears of death (我怕死), nor compounds
  // (死刑, 死守, 死脑筋, 死也不, 死去活来), nor a grandmother or a pet that died (a loss, not risk). The match
  // starts at 死 and looks back from there: "我不想死" reads as negated, and the engine scans for one character.
  // On the training posts it caught 19 of the 83 tree-hole posts the other rules missed, at 0.06 % of everyday
  // Weibo posts and 0.04 % of TV dialogue.
  {
    id: "zh.own_death",
    level: "possible",
    ambiguous: true,
    re: /死(?<=我(?!们)[^，。！？,.!?]{0,8}死)(?<!(奶奶|爷爷|外婆|外公|姥姥|姥爷|妈|爸|哥|姐|弟|妹|朋友|同学|同事|老师|猫|狗|鱼|仓鼠|宠物|他|她|它|人家)[^，。！？,.!?]{0,6}死)(?<![打撞拍抽踢恨熏搞弄掐勒砍捅咬毒饿冻害整骂揍削气累笑吓怕点致逗穷坑踩踹撸找攥蠢厌逼]死)(?![你他她它丫觉刑猪守脑拽死因开样狗猫人党板机角心磕鬼相者缠命活期寂水穴路]|全家|去活来|而无憾|[也都]不|对头)/gu,
    negatable: true,
  },
  {
    id: "zh.burden",
    level: "possible",
    re: /(没有我|我不在了?|我走了|我死了)[^，。！？]{0,6}(会)?(更好|轻松|解脱|开心)|我(就是|只是|是)(个|一个)?(累赘|负担|多余的)|(撑|熬|坚持)不下去了?|不想撑了|撑不住了|(撑|熬|活)不(到|过)(明天|今晚|下周|这周|过年)|(不知道|不晓得)(自己|我)?还能(坚持|撑|熬)多久|(我的)?存在(本身)?(就是|是)(一)?(个)?(错误|多余的?|负担|累赘)|我(就)?不该(出生|被生下来|来到这个世界)|(不想|不愿|懒得)(再)?挣扎(了|下去)|再也不想(去)?面对(这一切|一切|这个世界|明天|生活|任何人)|活着(就是|也是|只是|纯属)?(在)?浪费(空气|粮食|资源)|(这个世界|世界|大家|他们|你们|家人)没有我(也一样|也没关系|也无所谓|照样转|会更好)/gu,
  },
];

const EN_RULES: Rule[] = [
  // "I just want to end it", "time to end it": the classifier vetoes the everyday ones ("end it with him").
  {
    id: "en.end_it",
    level: "high",
    ambiguous: true,
    re: /(\b(want|going|gonna|wanna|need|ready|decided|planning|plan|time|way)\s+to\s+end\s+it|\b(tonight|today|tomorrow),?\s+i\s+end\s+it|\bi\s+end\s+it\s+(tonight|today|tomorrow))\b(?!\s+(with|between)\b)/gu,
    negatable: true,
  },
  {
    id: "en.tired_of_living",
    level: "possible",
    re: /\b(tired|sick)\s+of\s+(living|being\s+alive|life|existing|this\s+life)\b|\bgiv(e|ing)\s+up\s+on\s+(life|living)\b|\b(want|need)\s+(it|this|everything)\s+(all\s+)?to\s+be\s+over\b/gu,
    negatable: true,
  },
  // Risk factors a clinician would ask about; hyperbole too ("I hate my life, Monday again"): the classifier decides.
  {
    id: "en.hate_my_life",
    level: "possible",
    ambiguous: true,
    re: /\bhate\s+(my\s+life|myself|being\s+alive|living)\b|\b(i\s*am|im|i'm|feel)\s+(so\s+)?worthless\b/gu,
    negatable: true,
  },
  { id: "en.kill_myself", level: "high", ambiguous: true, re: /\b(kill|killing|killed|off|offing)\s+myself\b/gu, negatable: true },
  // "kms" is "kill myself" (often hyperbole, so the classifier decides); "kmsl" is laughing and is not matched.
  { id: "en.kms", level: "high", ambiguous: true, re: /\bkms\b/gu, negatable: true },
  // Preparatory acts: giving her things away, not needing them where she is going.
  {
    id: "en.giving_away",
    level: "possible",
    re: /\bgiv(e|ing|en)\s+away\s+(all\s+)?(of\s+)?my\s+(stuff|things|belongings|possessions|clothes|books|pets?|cat|dog)\b(?!')|\bwon'?t\s+need\s+(it|them|any\s+of\s+(it|this|them))\s+(any\s*more|where\s+i'?m\s+going)\b|\bgave\s+away\b[^.!?]{0,40}\bwon'?t\s+need\b/gu,
  },
  {
    id: "en.end_my_life",
    level: "high",
    re: /\b(end|ending|take|taking|kill|killing)\s+my\s+(own\s+)?life\b|\bclose\s+to\s+ending\s+(it|everything)\b(?!\s+(with|between)\b)|\b(end|ending|off|offing|unalive|unaliving)\s+myself\b/gu,
    negatable: true,
  },
  // Her own suicide or suicidal thoughts; someone else's ("my cousin committed suicide") is a loss, asked about gently.
  {
    id: "en.suicide",
    level: "high",
    re: /(?<!\b(he|she|they|his|her|their|cousin|brother|sister|friend|dad|mom|mum|mother|father|uncle|aunt|son|daughter|husband|wife|boyfriend|girlfriend|grandpa|grandma|classmate|coworker|neighbou?r)\s+(committed|died\s+by|died\s+of|attempted)\s+)\bsuicid(e|al)\b/gu,
    negatable: true,
  },
  {
    id: "en.suicide_loss",
    level: "possible",
    re: /\b(he|she|they|cousin|brother|sister|friend|dad|mom|mum|mother|father|uncle|aunt|son|daughter|husband|wife|boyfriend|girlfriend|grandpa|grandma|classmate|coworker|neighbou?r)\s+(committed|died\s+by|died\s+of|attempted)\s+suicide\b/gu,
  },
  { id: "en.want_die", level: "high", ambiguous: true, re: /\b(want|wanna|wanted|going)\s+(to\s+)?die\b/gu, negatable: true },
  // The same said in earnest ("i really wanna kill myself tbh"): not left to the classifier's reading of hyperbole.
  // On the training posts 15 at risk, 3 labelled not, against 359 and 390 for the plain "want to die / kill myself".
  {
    id: "en.really_want_die",
    level: "high",
    re: /\b(really|truly|genuinely|seriously|honestly)\s+(want\s+to|wanna|going\s+to|gonna)\s+(kill\s+myself|die|end\s+it(\s+all)?|end\s+my\s+life)\b/gu,
    negatable: true,
  },
  // Ambivalence: "I don't want to die, but…" holds the thought of dying and turns from it; the negation is part of
  // the signal, so this is asked about gently ("I don't want to die without seeing Japan" is not matched).
  {
    id: "en.ambivalent",
    level: "possible",
    re: /\bi\s+(don'?t|dont|do\s+not)\s+(really\s+|actually\s+)?(want|wanna)\s+(to\s+)?(die|kill\s+myself|end\s+it)\s*[,.…-]*\s*(but|yet|and\s+yet|though)\b/gu,
  },
  {
    id: "en.wish_dead",
    level: "high",
    re: /\b(ready|planning|plan|wish|wishing|deserve)\s+(to\s+)?die\b|\bwish\s+(i|i'?d)\s+(was|were|had|could)\s*(be|been)?\s*(dead|never\s+(been\s+)?born|die)\b|\b(i'?d|i\s+would)\s+rather\s+be\s+dead\b(?!\s+than)|\bbetter\s+off\s+dead\b/gu,
    negatable: true,
  },
  {
    id: "en.not_want_live",
    level: "high",
    re: /\b(don'?t|do\s+not|no\s+longer|not)\s+(want|wanna|wish)\s+(to\s+)?(live|be\s+alive|exist|be\s+here\s+anymore|be\s+here\s+any\s+more|wake\s+up)\b(?!\s+(in|with|near|at|on|there|here|alone|together|like|by|off|abroad|early|at|so|before)\b)|\b(can'?t|cannot)\s+(go\s+on|keep\s+going|live\s+like\s+this)\b|\bnot\s+be\s+(here|around)\s+(anymore|much\s+longer|tomorrow)\b/gu,
  },
  {
    id: "en.no_reason",
    level: "high",
    re: /\b(no|any)\s+(reason|point)\s+(to|in)\s+(me\s+|my\s+)?(go(ing)?\s+on|liv(e|ing)|keep\s+going|being\s+alive|stay(ing)?\s+alive|carry(ing)?\s+on)\b|\bwhat'?s\s+the\s+point\s+(in|of)\s+(living|life|going\s+on|being\s+alive|trying\s+anymore)\b|\bnothing\s+(left\s+)?to\s+live\s+for\b|\b(not|isn'?t)\s+worth\s+living\b/gu,
  },
  {
    id: "en.method",
    level: "high",
    re: /\b(overdose|od\s+on|hang\s+myself|slit\s+my\s+wrists?|jump(ing)?\s+(off|from)\s+(a|the|this)\s+(bridge|roof|building|balcony|cliff)|swallow(ed)?\s+(all\s+)?(the|my|a\s+bottle\s+of)\s+pills|took\s+(a\s+bunch|a\s+handful|a\s+whole\s+bottle|all|too\s+many|a\s+lot)\s+of\s+(my\s+)?(sleeping\s+)?(pills|tablets|meds)|(saving|saved|stockpiling|stockpiled|hoarding|hoarded)\s+(up\s+)?(my\s+)?(sleeping\s+)?(pills|meds|medication|tablets)|suicide\s+note|goodbye\s+(letter|note))\b/gu,
    negatable: true,
  },
  {
    id: "en.self_harm",
    level: "high",
    re: /\b(hurt|hurting|cut|cutting|harm|harming|burn|burning|punish|punishing|starve|starving)\s+myself\b(?![^.!?]*\b(while|at\s+the|playing|during|shaving|cooking|chopping|lifting|running|skiing|on\s+(a|the)|by\s+accident|workout|slicing|skating|hiking|biking)\b)|\bself[-\s]?harm(ing)?\b/gu,
    negatable: true,
  },
  {
    id: "en.thinking_of",
    level: "high",
    re: /\b(think|thinking|thought|thoughts)\s+(about|of)\s+(overdosing\b(?!\s+on\s+(coffee|caffeine|sugar|chocolate|candy))|hanging\s+myself|jumping\s+off|dying|death|ending\s+(it(\s+all)?|things|everything)|ending\s+my\s+life|killing\s+myself|not\s+being\s+(here|alive|around))\b/gu,
    negatable: true,
  },
  {
    id: "en.ready_to",
    level: "high",
    re: /(ready|about|planning|plan|decided|deciding|trying|tried|attempted|attempt)\s+to\s+(kill|end|off)\s+(my\s?self|my\s+(own\s+)?life)\b/gu,
    negatable: true,
  },
  {
    id: "en.had_enough",
    level: "possible",
    re: /\b(i'?ve|ive|i\s+have)\s+had\s+enough(\s+of\s+(life|living|everything|it\s+all|this\s+life|being\s+alive))?\s*([.!]|$)/gu,
  },
  {
    id: "en.plan_time",
    level: "high",
    ambiguous: true,
    re: /\b(gonna|going\s+to|will|i'?ll)\s+jump\s+(tonight|today|now|off)\b(?!\s+(in|into)\b)|\b(gonna|going\s+to|will|i'?ll|i'?m)\s+(do|doing)\s+it\s+(tonight|tomorrow|this\s+weekend|soon|on\s+(the\s+)?\d{1,2}(st|nd|rd|th)?|on\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b|\b(tonight|tomorrow)('s|\s+is|\s+will\s+be)\s+the\s+(night|day)\b/gu,
  },
  // Resolve to "do it" ("I've made up my mind, I'm doing it tonight", "tonight's the night I finally do it"): intent
  // with the act unsaid. On the training posts: 6 and 7 at risk, none of those labelled not at risk, 1 of 43 k
  // GoEmotions comments; a gentle check, so a happy "I finally did it" (past tense) is not matched at all.
  {
    id: "en.resolved",
    level: "possible",
    re: /\b(made\s+up\s+my\s+mind|i'?ve\s+decided|i\s+decided|finally)\b[^.!?]{0,30}\b(do|doing)\s+it\b|\b(tonight|today)('s|\s+is)\s+the\s+(night|day)\b/gu,
    negatable: true,
  },
  {
    id: "en.if_gone",
    level: "possible",
    re: /\bif\s+i\s+(die|died|disappeared|was\s+gone|were\s+gone)\b[^.!?]{0,16}\b(nobody|no\s+one|no-one)\s+(would|will|'?d)\s+(even\s+)?(care|notice|miss\s+me)\b|\bwr(o|i)te\s+(a\s+)?(goodbye\s+)?letters?\s+to\s+(my\s+)?(family|everyone|parents|mom|mum|dad|friends|kids)\b[^.!?]{0,20}\b(just\s+in\s+case|before\s+i\s+go|for\s+when\s+i'?m\s+gone)\b|\b(nobody|no\s+one|no-one|who)\s+(would|will|'?d)\s+(even\s+)?(care|notice|miss\s+me)\s+if\s+i\s+(was|were|died|disappeared|left|'?m)\b|\b(want|need)\s+(it|everything|the\s+pain|it\s+all)\s+(all\s+)?to\s+(stop|end)\b|\b(and|to|i)\s+never\s+wake\s+up\b/gu,
    negatable: true,
  },
  {
    id: "en.disappear",
    level: "possible",
    re: /\b(want|wanna|wish\s+i\s+could|need)\s+(to\s+)?(just\s+)?(disappear|vanish|stop\s+existing|cease\s+to\s+exist)\b(?!\s+(into|for\s+a\s+(bit|while|few|day|week)))|\bdisappear\s+forever\b/gu,
    negatable: true,
  },
  {
    id: "en.end_all",
    level: "possible",
    re: /\bend\s+(it\s+all|everything|this\s+all|all\s+of\s+this|it\s+now)\b|\b(hope|wish|want)\s+(i|to)\s+(never|don'?t|do\s+not|won'?t)?\s*(wake\s+up|not\s+wake\s+up)\b|\b(sleep|fall\s+asleep)\s+and\s+(just\s+)?(never|not|don'?t)\s+wake\s+up\b|\bgoodbye\s+(forever|world|everyone)\b|\bend(ing)?\s+things\b(?!\s+(with|between|off)\b)|\bplan(ning|ned)?\s+my\s+(exit|way\s+out)\b(?!\s+(from|strategy|interview)\b)/gu,
    negatable: true,
  },
  {
    id: "en.burden",
    level: "possible",
    re: /\b(everyone|everybody|they|you|my\s+family|the\s+world)\s+(would|will)\s+be\s+better\s+(off\s+)?without\s+me\b|\b(i'?m|i\s+am)\s+(just\s+|such\s+)?a\s+burden\b|\b(feel|felt|feeling)\s+like\s+(i'?m\s+)?(a|such\s+a|nothing\s+but\s+a)\s+burden\s+to\s+(everyone|everybody|my\s+family|them|you\s+all|all)\b|\b(everyone|everybody|they|my\s+family|people)\s+(would|will|'d)\s+be\s+(relieved|glad|happy|happier)\s+if\s+i\s+(died|was\s+gone|were\s+gone|was\s+dead|were\s+dead|disappeared)\b|\bcan'?t\s+(do|take)\s+(this|it)\s+any\s*more\b/gu,
  },
  // "I'm done with life", "I don't see a future for myself", "a waste of space": hopelessness and worthlessness.
  {
    id: "en.done_with_life",
    level: "high",
    re: /\b(i'?m|i\s+am|im)\s+(so\s+|just\s+)?(done|finished)\s+with\s+(life|living|this\s+life|being\s+alive)\b(?!\s+(admin|stuff|chores|insurance|lessons?|coach(ing)?|skills?|hacks?|goals?|updates?))/gu,
    negatable: true,
  },
  {
    id: "en.no_future",
    level: "possible",
    re: /\b(don'?t|do\s+not|can'?t|cannot)\s+see\s+(a|any)\s+future\b(?!\s+(with|in)\b)|\bno\s+future\s+for\s+me\b|\b(i'?m|i\s+am|im)\s+(just\s+)?a\s+waste\s+of\s+(space|air|oxygen|life)\b|\b(tired|sick)\s+of\s+((fighting|trying|struggling)\b(?!\s+(with|about|over|for)\b)|pretending\s+i'?m\s+(ok|okay|fine))\b/gu,
    negatable: true,
  },
  // Cutting again, as people say it of a relapse.
  {
    id: "en.cutting",
    level: "high",
    re: /\b(been|started|start|keep|kept|back\s+to)\s+cutting(?=\s*($|[.,!?;]|again\b|and\b|but\b|lately\b|every\b|since\b))|\bcutting\s+again\b|\b(keep|kept|been|started|start)\s+cutting\s+(my\s+)?(arms?|wrists?|legs?|thighs?|skin)\b/gu,
    negatable: true,
  },
  // Passive wish to be dead (C-SSRS 1): an accident she hopes for.
  {
    id: "en.passive_wish",
    level: "high",
    re: /\b(hope|wish|pray)\s+(that\s+)?i\s+(get|got|would\s+get|could\s+get)\s+(hit\s+by\s+a\s+(car|bus|truck|train)|in\s+an?\s+(accident|crash)|cancer|killed)\b/gu,
  },
  // A method got hold of: a rope, a gun, pills (the classifier reads a longer message; alone it is a gentle check).
  {
    id: "en.method_got",
    level: "possible",
    ambiguous: true,
    re: /\b(bought|got|have|found|ordered)\s+(a\s+|the\s+|some\s+)?(rope|noose|gun|razor\s+blades?)\b|\b(have|got)\s+(the|my|all\s+the|all\s+my|enough)\s+(sleeping\s+)?(pills|tablets)\s+(ready|saved|lined\s+up|counted)\b|\bsorry\s+(mom|mum|dad|everyone|guys)\b[^.!?]{0,12}\bi\s+(really\s+)?(tried|did\s+my\s+best)\s*([.!…]|$)|\bsaying\s+(my\s+)?goodbyes?\s+to\s+(everyone|everybody|the\s+world|all\s+of\s+you)\b/gu,
  },
  // At a height: on a ledge, or on a roof or bridge right now ("on the roof fixing the antenna" is not matched).
  {
    id: "en.at_height",
    level: "possible",
    re: /\b(standing|sitting|stood|sat)\s+(on|at)\s+(the\s+|a\s+)?(ledge|edge(?!\s+of\s+(a|my|the)\s+(seat|breakthrough|chair|bed|table|desk)))\b|\b(standing|sitting)\s+on\s+(the\s+|a\s+)?(roof|rooftop|bridge)\s+(right\s+now|now|again|alone|thinking|looking\s+down)\b/gu,
  },
  // Feeling like dying, a way to die looked up, a crash on purpose, the means in her hand, a note written,
  // not expecting to be around, cutting as what helps.
  {
    id: "en.feel_dying",
    level: "possible",
    re: /\bfeel(ing|s)?\s+like\s+(dying|i\s+(want|wanna)\s+(to\s+)?die)\b|\b(go\s+to\s+)?sleep\s+forever\b/gu,
    negatable: true,
  },
  {
    id: "en.method_search",
    level: "high",
    re: /\b(look(ing|ed)?\s+up|googl(e|ed|ing)|search(ed|ing)?(\s+for)?|research(ed|ing)?)\s+(how\s+(many|much)\s+(pills|tablets|of\s+my)|how\s+to\s+(die|kill\s+myself|overdose|hang\s+myself)|(painless|easy|quick)\s+ways?\s+to\s+die|(a\s+)?lethal\s+dose)\b/gu,
  },
  {
    id: "en.means_at_hand",
    level: "possible",
    re: /\b(driv(e|ing)|crash(ing)?|steer(ing)?)\s+(my\s+car\s+)?(into|off)\s+(a\s+|the\s+)?(wall|tree|bridge|cliff|traffic|oncoming)\b|\bstep(ping)?\s+in\s+front\s+of\s+(a|the)\s+(train|bus|truck|car)\b|\b(the\s+)?(pills|tablets|blade|razor|rope|gun)\s+(is\s+|are\s+)?in\s+my\s+hand|\b(have|got|holding|bought)\s+a\s+(bottle|handful|bunch)\s+of\s+(sleeping\s+)?(pills|tablets)\b|\bcut(ting)?\s+my\s+(wrists?|thighs?)\b|\b(i'?m|i\s+am)\s+ready\s+to\s+go\b[^!?]{0,6}\b(goodbye|bye|farewell)\b|\b(i'?ve|i\s+have|i)\s+(written|wrote|finished)\s+my\s+(last\s+|final\s+|goodbye\s+)?(note|letter)s?\b|\b(nobody|no\s+one|no-one)\s+(would|will|'?d)\s+(even\s+)?miss\s+me\b|\b(don'?t|do\s+not)\s+think\s+i'?ll\s+(be\s+(here|around|alive)|make\s+it)\s+(much\s+longer|for\s+long|past|through\s+the\s+(night|week))\b/gu,
  },
  {
    id: "en.death_appeals",
    level: "possible",
    re: /\b(death|dying|being\s+dead|not\s+existing)\s+(sounds|seems|feels|looks)\s+(so\s+|really\s+|kinda\s+|pretty\s+)?(peaceful|nice|good|better|easier|like\s+a\s+relief|appealing|comforting)\b/gu,
    negatable: true,
  },
  // Wanting out, life without meaning, family happier without her.
  {
    id: "en.want_out",
    level: "possible",
    re: /\bi\s+(just\s+)?want\s+out\b(?!\s+of\s+(this\s+|my\s+|the\s+)?(job|relationship|class|meeting|contract|here|house|town|lease|marriage|group))|\blife\s+is\s+(so\s+|just\s+)?(meaningless|pointless|worthless)\b|\b(would|will)\s+be\s+(happier|better|better\s+off)\s+(if\s+i\s+(was|were)\s+(gone|dead|not\s+here|not\s+around)|without\s+me)\b/gu,
    negatable: true,
  },
  {
    id: "en.cutting_helps",
    level: "high",
    re: /\b(cutting|self[-\s]?harm(ing)?|hurting\s+myself)\s+(is|was)\s+the\s+only\s+(thing|way)\b|\bcutting\s+helps\b/gu,
  },
  // Methods in emoji, in any language: a noose, knife and blood, a handful of pills.
  { id: "emoji.method", level: "possible", re: /🪢|🔪\s*🩸|🩸\s*🔪|(💊\s*){3,}/gu },
];

/**
 * Words of the domains clinicians screen for in Chinese (death and living, ending, leaving, methods, burden,
 * hopelessness). The classifier alone raises risk on Chinese text only when one of these is there (or when it is
 * sure): measured on held-out data when it came in, it kept 45 of the 46 tree-hole posts the detector caught and dropped 28 of its 32
 * false alarms on TV-drama dialogue, which were plain sadness ("今天好难过，什么都不想做").
 */
const ZH_RISK_CUE =
  /死|活|命|世界|人间|结束|离开|消失|解脱|杀|伤害|药|血|刀|割|跳|楼|遗书|再见|永别|告别|下辈子|来世|天堂|走饭|坚持|撑|熬|意义|希望|绝望|痛苦|折磨|累赘|负担|多余|不配|存在|醒|救|放弃|解决|离去|陪你|找你|了断|最后|没用|废物|去了|炭|绳|托付|先走/u;

// Laughing or saying it is a joke ("我想死哈哈", "不想活了（开玩笑）", "lol"): hyperbole as often as not, so the most
// such a message raises is the gentle question. "不是开玩笑" / "not joking" says the opposite and outweighs it.
const LEVITY = /哈哈|(?<![不没])(开玩笑|开个玩笑|逗你)|2333|😂|🤣|\b(lol|lmao|lmfao|rofl|haha\w*|jk|jking|just kidding|kidding)\b/u;
const SERIOUS =
  /(不是|没|没有|没在|不)开玩笑|认真的|说真的|真的没在说笑|\b(not|no|i'?m not|im not) (joking|kidding)\b|\bno joke\b|\bfr fr\b|\bfor real\b|\bi mean it\b|\b(i'?m|im|i am) (dead )?serious\b/u;

/** How blanked text says it: laughing it off ("levity"), insisting it is meant ("serious"), or neither. */
export function toneOf(blanked: string): "levity" | "serious" | null {
  if (SERIOUS.test(blanked)) return "serious";
  return LEVITY.test(blanked) ? "levity" : null;
}

/** True when blanked text has a word of a risk domain (see ZH_RISK_CUE); Latin-only text always passes. */
export function hasRiskCue(blanked: string): boolean {
  return ZH_RISK_CUE.test(blanked) || !hasHan(blanked);
}

// "要不要" / "是不是" / "能不能" / "会不会" are questions, not negation; "我可不想…" is ("可不可以" ends in 以).
const ZH_NEGATORS =
  /((?<![要会])不会|不想|(?<!有)没有|没想|从没|从来没|从未|(?<!要)不要|别|绝不|决不|(?<!是)不是|并不|不可能|才不|不再|不敢|(?<!能)不能)[^，。！？,.!?]{0,2}$|(?<![要是能会可])[不没]$|可不$/u;
// "can't stop thinking about it" is the opposite of a negation.
const EN_NEGATORS =
  /\b(not|never|don'?t|do\s+not|won'?t|wouldn'?t|would\s+never|no\s+longer|isn'?t|aren'?t|didn'?t|(?<!(can'?t|cannot|couldn'?t)\s)stop|anti)\b(\s+\S+){0,2}\s*$/u;

// The English words the rules key on, and typos of them one edit away ("sucide", "suicde", "disapear"):
// people in distress type fast, and a typo must not hide the word. Only words of six letters or more are
// corrected towards (too many real words are one edit from shorter ones).
// ("overdose" is not among them: "overdone" is one edit away.)
const RISK_WORDS = ["suicide", "suicidal", "myself", "disappear", "anymore", "goodbye"];
// Spellings no edit distance catches: txt speak and a few common ones.
const RISK_SPELLINGS: [RegExp, string][] = [
  [/\bkil(?=\s+(my\s*self|me)\b)/gu, "kill"],
  [/\b(2|too)\s+(live|die)\b/gu, "to $2"],
  [/\blyfe\b/gu, "life"],
  [/\bwana\b/gu, "wanna"],
  [/\b(wanna|want\s+to)\s+dye\b(?!\s+(my|her|his|it|the|a|this|that|them)\b)/gu, "$1 die"],
  [/\bcom+it+\b/gu, "commit"],
  [/\babt\b/gu, "about"],
  // Algospeak that platforms do not filter: "sewer slide", "su1c1de".
  [/\bsewer\s*slide\b|\bsu[i1!]c[i1!]d(e|3)\b/gu, "suicide"],
];

/** Edit distance ≤ 1 (one insertion, deletion, substitution or swap of neighbours). */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function correctSpelling(t: string): string {
  for (const [re, to] of RISK_SPELLINGS) t = t.replace(re, to);
  return t.replace(/\b[a-z]{5,10}\b/gu, (w) => RISK_WORDS.find((r) => oneEditApart(w, r)) ?? w);
}

function normalize(text: string): string {
  const capped = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  return correctSpelling(toSimplified(capped.normalize("NFKC")).toLowerCase().replace(/[’‘`]/gu, "'").replace(/\s+/gu, " "));
}

/** The clause before index `at`: back to the last sentence or clause break, at most 24 chars. */
function clauseBefore(text: string, at: number): string {
  const start = Math.max(0, at - 24);
  const before = text.slice(start, at);
  const cut = Math.max(...["，", "。", "！", "？", "；", ",", ".", "!", "?", ";", "~", "…"].map((p) => before.lastIndexOf(p)));
  return cut >= 0 ? before.slice(cut + 1) : before;
}

function applyRules(text: string, rules: Rule[], negators: RegExp, found: Map<string, RuleHit>, negated: Set<string>): void {
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const before = clauseBefore(text, m.index ?? 0);
      if (rule.negatable && negators.test(before)) {
        negated.add(rule.id);
        continue;
      }
      // Someone else's act: the loss is noted, and a later match of her own still counts ("朋友自杀了，我也想自杀").
      if (rule.someoneElse && isSomeoneElse(before)) {
        found.set(rule.someoneElse.id, rule.someoneElse);
        continue;
      }
      found.set(rule.id, rule);
      break;
    }
  }
}

/**
 * The text with idioms and hyperbole blanked ("笑死我了", "dying of laughter"): what the rules match on,
 * and what the classifier reads too, so both layers share one idiom guard.
 */
export function blankIdioms(text: string): string {
  let t = normalize(text);
  for (const re of [...ZH_IDIOMS, ...EN_IDIOMS]) t = t.replace(re, (m) => " ".repeat(m.length));
  return t;
}

/** Assesses one utterance (any mix of zh/en) by the rules alone. Pure and deterministic. */
export function detectCrisisByRules(text: string): RuleAssessment {
  if (typeof text !== "string" || text.trim().length === 0) return { risk: "none", matched: [], ambiguous: false, negated: false };
  return rulesOnBlanked(blankIdioms(text));
}

/** The rules on text that blankIdioms() already prepared (the detector shares one pass with the classifier). */
export function rulesOnBlanked(t: string): RuleAssessment {
  const found = new Map<string, RuleHit>();
  const negated = new Set<string>();
  applyRules(t, ZH_RULES, ZH_NEGATORS, found, negated);
  applyRules(t, EN_RULES, EN_NEGATORS, found, negated);
  let risk: CrisisRisk = "none";
  for (const r of found.values()) if (r.level === "high" || risk === "none") risk = r.level === "high" ? "high" : risk === "high" ? "high" : "possible";
  const fired = [...found.values()];
  return { risk, matched: fired.map((r) => r.id), ambiguous: fired.length > 0 && fired.every((r) => r.ambiguous), negated: negated.size > 0 };
}
