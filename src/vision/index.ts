// Camera perception: expressions, hand gestures and presence from one live camera, opt-in, in memory.
export { visionCapability, type Vision, type VisionDeps, type FrameOutcome } from "./vision-capability.js";
export { v4l2Input } from "./ffmpeg-capture.js";
export { greetingMessage, type GreetingKind } from "./greeting.js";
