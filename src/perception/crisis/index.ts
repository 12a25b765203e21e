// Crisis safety: the layered detector (rules, trained classifier, conversation context), the fixed replies,
// help lines by region, safety events. Never left to the LLM.
export { crisisCapability, CARE_MODE_MS, type CrisisCapability, type CrisisDeps } from "./crisis-capability.js";
export { detectCrisis, isCrisis, type CrisisAssessment, type CrisisContext, type CrisisLayer, type CrisisRisk } from "./crisis-detector.js";
export { detectCrisisByRules } from "./crisis-rules.js";
export { loadCrisisClassifier, type CrisisClassifier } from "./crisis-classifier.js";
export { assessCrisis } from "./default-detector.js";
export { crisisReply, crisisCheckReply, crisisDeniedReply, HELPLINES, type CrisisReply, type CrisisReplyOptions, type Helpline } from "./crisis-reply.js";
export { chooseHelplines, HELPLINE_TABLE, HELPLINE_REGIONS, regionFromTimeZone, localeRegion } from "./crisis-helplines.js";
