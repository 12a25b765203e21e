// Public surface of the memory capability.
export { createMemoryService, formatRecall } from "./memory-service.js";
export type {
  MemoryService,
  MemoryServiceOptions,
  IngestResult,
  SearchResult,
  SearchOptions,
  MemoryUpdate,
  ForgetOutcome,
  MemoryExport,
} from "./memory-service.js";
export { runMemoryCommand, importLineSchema, memoryUsage } from "./memory-command.js";
export type { MemoryCommandIo } from "./memory-command.js";
export { memoryMigrations } from "./memory-migrations.js";
export { rankMemories, analyzeQuery, defaultRankWeights } from "./memory-ranking.js";
export type { AnalyzedQuery, RankCandidate, RankedMemory, RankWeights } from "./memory-ranking.js";
export { extractByRules, isForgetRequest } from "./rule-extraction.js";
export { extractWithModel, extractionSchema } from "./model-extraction.js";
export { decideConsolidation } from "./consolidation.js";
export { resolveDates, resolveTimeRange } from "./date-resolution.js";
export type { Embedder } from "./embedder.js";
export type * from "./memory-types.js";
