// Open requests that no fast path takes go to the model with the registry's tools: here an
// OpenAI-compatible server on loopback that answers with tool_calls, and the stand-in Home Assistant
// whose light the call turns on. Bad calls are errors the model reads; rounds are bounded; chat and
// care mode get no tools.
import { loopbackEnv } from "../testing/loopback-env.js";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createGuimiApp, type GuimiApp } from "../app/guimi-app.js";
import { createHttpApi } from "../server/http-api.js";
import { makeTempDir } from "../testing/paths.js";
import { startFakeHomeAssistant, type FakeHomeAssistant } from "./fake-home-assistant.js";

type WireMessage = { role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string };
type Body = { messages: WireMessage[]; tools?: { type: string; function: { name: string; parameters: unknown } }[]; tool_choice?: string };

const sse = (chunks: unknown[]) => chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("") + "data: [DONE]\n\n";
const call = (index: number, id: string, name: string, args: string) => ({
  choices: [{ delta: { tool_calls: [{ index, id, type: "function", function: { name, arguments: "" } }] } }],
  args: { choices: [{ delta: { tool_calls: [{ index, function: { arguments: args } }] } }] },
});

/** A chat-completions server that calls tools the way hosted models do: streamed fragments, then words. */
function scriptedModel(bodies: Body[]): Server {
  return createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as Body;
      bodies.push(body);
      const last = body.messages.at(-1)!;
      const asked = body.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
      res.writeHead(200, { "content-type": "text/event-stream" });
      const words = (text: string) => res.end(sse([{ choices: [{ delta: { content: text }, finish_reason: "stop" }] }]));
      if (!body.tools || (last.role === "tool" && !/keep calling/.test(asked))) {
        return words(last.role === "tool" ? `Done: ${last.content}` : "I'm here with you.");
      }
      if (/bedroom lamp/.test(asked)) {
        // The arguments arrive in two pieces, as streamed tool calls do.
        const c = call(0, "call_1", "home_turn_on", '{"name":');
        const rest = call(0, "call_1", "home_turn_on", '"Bedroom Lamp"}').args;
        return res.end(sse([{ choices: c.choices }, c.args, rest, { choices: [{ delta: {}, finish_reason: "tool_calls" }] }]));
      }
      if (/broken/.test(asked)) {
        const a = call(0, "call_a", "home_turn_on", '{"name": "Bedroom');
        const b = call(1, "call_b", "launch_rocket", "{}");
        const c = call(2, "call_c", "home_set_brightness", '{"name": "Bedroom Lamp", "percent": 900}');
        return res.end(
          sse([
            { choices: a.choices },
            a.args,
            { choices: b.choices },
            b.args,
            { choices: c.choices },
            c.args,
            { choices: [{ delta: {}, finish_reason: "tool_calls" }] },
          ]),
        );
      }
      const again = call(0, `call_${bodies.length}`, "home_list_devices", "{}");
      return res.end(sse([{ choices: again.choices }, again.args, { choices: [{ delta: {}, finish_reason: "tool_calls" }] }]));
    });
  });
}

describe("tool calling through an OpenAI-compatible model and Home Assistant's MCP server", () => {
  const temp = makeTempDir("guimi-tools-");
  const bodies: Body[] = [];
  let server: Server;
  let ha: FakeHomeAssistant;
  let app: GuimiApp;
  before(async () => {
    server = scriptedModel(bodies);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    writeFileSync(join(temp.dir, "config.json"), JSON.stringify({ llm: { provider: "openai-compatible", openai: { baseUrl, model: "tools-test" } } }));
    ha = await startFakeHomeAssistant({
      entities: [
        { entityId: "light.bedroom_lamp", name: "Bedroom Lamp", area: "Bedroom", state: "off" },
        { entityId: "light.kitchen", name: "Kitchen Light", area: "Kitchen", state: "on", brightness: 255 },
      ],
    });
    app = await createGuimiApp({ dataDir: temp.dir });
    const put = await createHttpApi(app).request(
      "/api/v1/home/assistant",
      { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: ha.url, token: ha.token }) },
      loopbackEnv,
    );
    assert.equal(put.status, 200);
    app.settings.update({ outbound: { remoteLlm: true, homeAssistant: true } });
  });
  after(async () => {
    await app.close();
    await ha.close();
    server.closeAllConnections();
    server.close();
    temp.cleanup();
  });

  test("an open request: the model calls home_turn_on, the lamp goes on, the model answers with the result", async () => {
    const turn = await app.conversation.turn({ text: "can you get the bedroom lamp going for me", conversationId: "tools" });
    assert.equal(turn.source, "llm");
    assert.equal(ha.entities[0]!.state, "on");
    assert.deepEqual(ha.calls.find((c) => c.tool === "HassTurnOn")?.args, { name: "Bedroom Lamp", domain: ["light"] });
    assert.deepEqual(turn.toolCalls, [{ name: "home_turn_on", ok: true }]);
    assert.equal(turn.text, 'Done: {"turnedOn":["Bedroom Lamp"]}');
    const [first, second] = bodies.slice(-2);
    const offered = first!.tools!.map((t) => t.function.name);
    assert.ok(offered.includes("home_turn_on") && offered.includes("reminders_add"), offered.join());
    assert.ok(!offered.includes("say") && !offered.includes("care_settings_update"), "what speaks for her or changes her settings is not offered");
    assert.equal(first!.tool_choice, "auto");
    const brightness = first!.tools!.find((t) => t.function.name === "home_set_brightness")?.function.parameters as {
      properties: Record<string, unknown>;
      required: string[];
    };
    assert.deepEqual(brightness.properties.percent, { type: "integer", description: "1–100" });
    assert.deepEqual(brightness.required, ["name", "percent"]);
    assert.deepEqual(
      second!.messages.slice(-2).map((m) => m.role),
      ["assistant", "tool"],
    );
    // The stored reply says which tools answered; the live history keeps only her words and the answer.
    const stored = app.store.get(turn.replyId!);
    assert.deepEqual(stored?.meta?.tools, [{ name: "home_turn_on", ok: true }]);
    assert.deepEqual(
      (await app.conversation.liveHistory("tools")).map((t) => t.role),
      ["user", "assistant"],
    );
  });

  test("malformed arguments, an unknown tool and out-of-range values come back to the model as errors", async () => {
    const before = ha.calls.length;
    const turn = await app.conversation.turn({ text: "please try the broken thing", conversationId: "tools" });
    assert.equal(turn.source, "llm");
    assert.deepEqual(
      turn.toolCalls?.map((c) => [c.name, c.ok]),
      [
        ["home_turn_on", false],
        ["launch_rocket", false],
        ["home_set_brightness", false],
      ],
    );
    const results = bodies.at(-1)!.messages.filter((m) => m.role === "tool");
    assert.match(results[0]!.content!, /not valid JSON/);
    assert.match(results[1]!.content!, /no tool named/);
    assert.match(results[2]!.content!, /percent/);
    assert.equal(ha.calls.filter((c) => c.tool === "HassLightSet").length, 0);
    assert.ok(ha.calls.length === before, "nothing reached Home Assistant");
  });

  test("a model that keeps calling is stopped after 3 rounds and answers in words", async () => {
    const start = bodies.length;
    const turn = await app.conversation.turn({ text: "please keep calling", conversationId: "tools" });
    const requests = bodies.slice(start);
    assert.equal(requests.length, 4);
    assert.deepEqual(
      requests.map((b) => Boolean(b.tools)),
      [true, true, true, false],
    );
    assert.equal(turn.toolCalls?.length, 3);
    assert.match(turn.text, /^Done: /);
  });

  test("chat gets no tools; neither does anything in care mode after words of crisis", async () => {
    await app.conversation.turn({ text: "I had a long day", conversationId: "tools" });
    assert.equal(bodies.at(-1)!.tools, undefined);
    const start = bodies.length;
    const crisis = await app.conversation.turn({ text: "我真的不想活了", conversationId: "care" });
    assert.equal(crisis.source, "crisis");
    assert.equal(bodies.length, start, "a crisis turn never reaches the model");
    const turn = await app.conversation.turn({ text: "can you get the bedroom lamp going for me", conversationId: "care" });
    assert.equal(turn.source, "llm");
    assert.equal(bodies.at(-1)!.tools, undefined);
    assert.equal(turn.toolCalls, undefined);
  });
});
