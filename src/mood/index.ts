// Public surface of the mood capability.
export * from "./mood-estimate.js";
export * from "./fuse-mood.js";
export * from "./expression-for-mood.js";
export * from "./mood-prompt-line.js";
export * from "./mood-trend.js";
export * from "./mood-migrations.js";
export * from "./mood-store.js";
export * from "./mood-service.js";
