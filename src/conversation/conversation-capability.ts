// The conversation capability: the model she talks with (loaded once, in the background), her messages (the
// store; replies a power cut interrupted are marked partial on start), the turn pipeline, Guimi speaking first
// (`deliver`), /api/v1/chat (JSON or SSE), the conversations and their messages, 聊天记录 in 我的数据, and its status.
// What the other capabilities add to a turn (fast path, context, perception, after-turn work) comes in as
// dependencies from the root. It knows nothing of the app, server or CLI.
import type { DataPaths, GuimiConfig } from "../config/config.js";
import { defineCapability, type Capability } from "../kernel/capability.js";
import type { EventBus } from "../kernel/event-bus.js";
import type { Outbound } from "../privacy/outbound.js";
import type { Db } from "../storage/database.js";
import { conversationsCategory } from "./conversation-data-category.js";
import { conversationRoutes } from "./conversation-routes.js";
import { createConversationService, type ConversationDeps, type ConversationService } from "./conversation-service.js";
import { createDeliver, type Delivery } from "./deliver.js";
import type { LanguageModel } from "./language-model.js";
import { createMessageStore, type MessageStore } from "./message-store.js";
import { loadConversationModel, type ModelState } from "./model-loader.js";

export interface ConversationCapabilityDeps extends Omit<ConversationDeps, "store" | "model" | "modelReady" | "bus"> {
  db: Db;
  bus: EventBus;
  paths: DataPaths;
  config: GuimiConfig;
  outbound: Outbound;
  /** --model / GUIMI_MODEL: a GGUF path or an installed model id. */
  modelFlag?: string;
  /** Skip loading the model (commands that never chat). */
  withoutModel?: boolean;
  /** Her words were deleted: what was derived only from them goes too (memories). */
  onErased(messageIds: number[] | "all"): void;
  /** Erases one message through 我的数据 (its category, so screens hear of it): the routes' deletions go this way. */
  removeMessage(id: string): void;
  guimiName(): string;
}

export interface ConversationCapability extends Capability {
  service: ConversationService;
  store: MessageStore;
  /** Says something first (a reminder, care): stored with its rule and reason, sent to every screen. */
  deliver(message: Delivery): number;
  /** The loaded conversation model, or null (none installed, still loading, or failed). */
  model(): LanguageModel | null;
  modelState(): ModelState;
  /** Resolves once the model has loaded or failed (or at once when there is none). */
  ready: Promise<void>;
}

export const conversationCapability = defineCapability<ConversationCapabilityDeps, ConversationCapability>({
  name: "conversation",
  // Its tables (conversations, messages) are in the core migration set: version 1 of every existing device has them.
  create(deps) {
    const { db, bus, paths, config, outbound, modelFlag, withoutModel, onErased, removeMessage, guimiName, ...turnDeps } = deps;
    const store = createMessageStore(db);
    store.recoverInterrupted(deps.now());
    const loaded = loadConversationModel({ paths, config, outbound, flag: modelFlag, skip: withoutModel });
    const model = () => loaded.current();
    const service = createConversationService({ ...turnDeps, store, model, modelReady: () => loaded.ready, bus });
    return {
      name: "conversation",
      service,
      store,
      deliver: createDeliver({ store, bus, now: deps.now }),
      model,
      modelState: () => loaded.state(),
      ready: loaded.ready,
      routes: conversationRoutes({ conversation: service, store, removeMessage }),
      dataCategories: [conversationsCategory(db, store, onErased, guimiName)],
      status: () => ({ model: loaded.state(), conversations: store.conversations().length }),
      async close() {
        service.reset();
        await loaded.dispose();
      },
    };
  },
});
