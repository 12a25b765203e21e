// An event bus that also keeps every event it carried, so tests can assert on what was emitted.
import { EventBus, type GuimiEventName, type GuimiEvents } from "../kernel/event-bus.js";

export class RecordingBus extends EventBus {
  readonly events: { name: GuimiEventName; payload: unknown }[] = [];

  override emit<K extends GuimiEventName>(name: K, payload: GuimiEvents[K]): void {
    this.events.push({ name, payload });
    super.emit(name, payload);
  }

  of<K extends GuimiEventName>(name: K): GuimiEvents[K][] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as GuimiEvents[K]);
  }
}
