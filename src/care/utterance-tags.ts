// What the care engine keeps of her words: a few tags, never the text itself (the conversation
// store already holds that, under her control in 我的数据).
export type UtteranceTag = "hungry" | "tired" | "people" | "sad" | "happy" | "greeting" | "lonely" | "onlyYou" | "fine";

const patterns: Record<UtteranceTag, RegExp> = {
  hungry:
    /好饿|饿了|饿死|饿扁|肚子饿|没吃饭|还没吃|没吃东西|没顾上吃|忘了吃|\bhungry\b|\bstarving\b|haven'?t eaten|didn'?t eat|skipped (lunch|dinner|breakfast)/i,
  tired: /好累|很累|太累|累死|累坏|累瘫|心累|好困|困死|撑不住|\btired\b|exhausted|worn out|so sleepy|drained/i,
  people:
    /妈妈|爸爸|老妈|老爸|家里|朋友|闺蜜|同事|同学|室友|男朋友|女朋友|对象|老公|老婆|姐姐|妹妹|哥哥|弟弟|奶奶|爷爷|外婆|聚会|聚餐|一起|约了|\b(mom|mum|dad|friend|friends|bestie|coworker|colleague|roommate|classmate|boyfriend|girlfriend|sister|brother|grandma|family|party|hang out|together)\b/i,
  sad: /难过|伤心|想哭|哭了|好烦|郁闷|低落|崩溃|委屈|孤单|孤独|心情(很|好|超)?(差|不好)|\b(sad|upset|lonely|depressed|miserable|down)\b/i,
  greeting:
    /^\s*(hi|hello|hey|morning|good (morning|afternoon|evening|night)|night night|早|早呀|早啊|早安|早上好|上午好|中午好|下午好|晚上好|晚安|你好|嗨|哈喽|午安)(\s*(guimi|小蜜|闺蜜))?[\s!！.。~～,，]*$/i,
  // Alone, unseen, not wanting to go out: what a turn outward answers.
  lonely:
    /孤单|孤独|寂寞|没人陪|没有人陪|没人懂|没有人懂|没人理解|没有人理解|没人在乎|一个人吃饭|一个人吃|又是一个人|一个人待着|一个人在家|不想出门|不想出去|不想见人|\b(lonely|alone|nobody (gets|understands|cares)|no one (gets|understands|cares))\b|don'?t (want|feel like) (to )?go(ing)? out/i,
  // "Only you understand me": leaning on Guimi alone (a dependence signal).
  onlyYou:
    /只有你(能|才|懂|理解|听|陪|肯|了)|只能(跟|和|对|找)你(说|聊)|就你懂我|除了你(没人|没有人|谁都)|\byou'?re the only one\b|\bonly you (understand|get|listen)|\bno one but you\b/i,
  // She says she is all right again (the mood decides whether to believe it).
  fine: /(我|已经|真的)?没事了|好多了|好一些了|好点了|感觉好了|好起来了|别担心我|不用担心我|\bI'?m (ok|okay|fine|alright|all right|better)( now)?\b|\bI am (ok|okay|fine|better)\b|feeling (much )?better|doing (much )?better|don'?t worry about me/i,
  happy: /好开心|超开心|太开心|高兴|太棒了|好消息|通过了|拿到offer|录取|升职|\b(happy|great news|so glad|excited|got the job|passed)\b/i,
};

export function utteranceTags(text: string): UtteranceTag[] {
  return (Object.keys(patterns) as UtteranceTag[]).filter((tag) => patterns[tag].test(text));
}
