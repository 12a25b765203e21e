// Crisis safety: detection and the fixed reply. Never left to the LLM.
export { detectCrisis, isCrisis, type CrisisAssessment, type CrisisRisk } from "./crisis-detector.js";
export { crisisReply, HELPLINES, localeRegion, type CrisisReply, type CrisisReplyOptions, type Helpline } from "./crisis-reply.js";
