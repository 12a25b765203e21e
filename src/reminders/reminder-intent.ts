// The fast path for reminders in conversation: "明天下午三点提醒我给妈妈打电话", "我有哪些提醒",
// "取消给妈妈打电话的提醒", "十分钟后再提醒我", "好了" — answered in milliseconds, without the model.
import type { IntentHandler } from "../conversation/conversation-service.js";
import { parseReminderCommand } from "./parse-reminder-command.js";
import { matchReminder } from "./parse-reminder-command.js";
import { reminderReplies, type ReminderActions } from "./reminder-actions.js";

/** How long after a reminder fires "好了" / "snooze" still refer to it. */
export const JUST_FIRED_MS = 15 * 60 * 1000;

export interface LastFired {
  reminderId: string;
  at: Date;
}

export function createReminderIntent(deps: { actions: ReminderActions; timeZone: () => string; lastFired: () => LastFired | null }): IntentHandler {
  return (turn) => {
    const last = deps.lastFired();
    const justFired = last !== null && turn.now.getTime() - last.at.getTime() <= JUST_FIRED_MS;
    const command = parseReminderCommand(turn.text, { now: turn.now, timeZone: deps.timeZone(), lang: turn.lang, justFired });
    if (!command) return null;
    const zh = command.lang === "zh";
    switch (command.kind) {
      case "create": {
        if (command.request.inPast) return { text: command.request.confirmation, source: "reminder" };
        const { reminder, confirmation } = deps.actions.create({ text: turn.text, lang: command.lang }, turn.now);
        return { text: confirmation, source: "reminder", meta: { reminderId: reminder.id } };
      }
      case "list":
        return { text: reminderReplies.list(deps.actions.list(), command.lang), source: "reminder" };
      case "clarify":
        return { text: command.question, source: "reminder" };
      case "cancel": {
        const target = command.query ? matchReminder(deps.actions.list(), command.query) : last ? deps.actions.get(last.reminderId) : undefined;
        if (!target)
          return { text: zh ? "嗯…我没找到这个提醒，要不要说说是哪一个？" : "Hmm, I couldn't find that reminder — which one do you mean?", source: "reminder" };
        return { text: deps.actions.cancel(target.id, turn.now, command.lang).message, source: "reminder", meta: { reminderId: target.id } };
      }
      case "snooze": {
        if (!last || !justFired)
          return { text: zh ? "现在没有刚响过的提醒哦，要设一个新的吗？" : "No reminder just went off — want to set a new one?", source: "reminder" };
        return {
          text: deps.actions.snooze(last.reminderId, command.minutes, turn.now, command.lang).message,
          source: "reminder",
          meta: { reminderId: last.reminderId },
        };
      }
      case "done": {
        if (!last) return null;
        return { text: deps.actions.done(last.reminderId, turn.now, command.lang).message, source: "reminder", meta: { reminderId: last.reminderId } };
      }
    }
  };
}
