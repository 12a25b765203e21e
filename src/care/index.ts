// Public surface of the care capability: proactive care (rules, restraint, engine), its API routes
// and what `guimi simulate` checks.
export type { CareSignal, CareSignalType, ActivityKind } from "./care-signal.js";
export { signalRequestSchema, signalBodySchemas, toCareSignal, careSignalTypes } from "./care-signal.js";
export type { CareContext, CareFacts, CareDelivery, CareSettings, CarePriority, LoggedSignal, RememberedEvent, ActivitySession } from "./care-context.js";
export { deriveFacts, activitySessions, defaultCareSettings } from "./care-context.js";
export type { CareRule, CareProposal } from "./care-rule.js";
export { builtInRules } from "./care-rules.js";
export { restrain, ignoredStreak, defaultRestraint, type RestraintOptions, type Verdict } from "./care-restraint.js";
export { careMigrations, createCareStore, type CareStore } from "./care-store.js";
export { createCareEngine, type CareEngine, type CareEngineDeps, type CareMessage, type CareDecision } from "./care-engine.js";
export { careCapability, type CareCapability, type CareDeps, type CareOptions } from "./care-capability.js";
export { careRoutes, careSettingsPatchSchema } from "./care-routes.js";
export { careDataCategory } from "./care-data-category.js";
export type { Weather, WeatherReport } from "./weather.js";
export { createOpenMeteoWeather, conditionForWmoCode } from "./open-meteo-weather.js";
export { parseTimeline, zoneForOffset, TimelineError, type TimelineLine } from "./simulation-timeline.js";
export { checkScenario, scenarioExpectationSchema, type ScenarioExpectation, type SimulationOutput } from "./scenario-check.js";
