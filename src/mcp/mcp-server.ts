// Guimi's tools as an MCP server: the same registry that feeds the fast path and tool calling, each
// tool's zod schema as its input schema. Transports are the caller's (stdio for `guimi mcp`,
// Streamable HTTP on the daemon). A tool that fails answers with isError, never a crash.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Tool } from "../kernel/capability.js";
import { VERSION } from "../version.js";

export const MCP_INSTRUCTIONS =
  "Guimi (小蜜) is an on-device companion. These tools read and change her reminders, memories, mood and care settings, " +
  "and let you say something to her through the device. Her data rules apply: what she erased is gone, and sensors she turned off stay off.";

export function createGuimiMcpServer(tools: Tool[]): McpServer {
  const server = new McpServer({ name: "guimi", version: VERSION }, { instructions: MCP_INSTRUCTIONS });
  for (const tool of tools) {
    server.registerTool(tool.name, { description: tool.description, inputSchema: tool.input as never }, (async (args: unknown) => {
      try {
        const result = await tool.run(args);
        return { content: [{ type: "text" as const, text: JSON.stringify(result ?? null) }] };
      } catch (error) {
        return { content: [{ type: "text" as const, text: (error as Error).message }], isError: true };
      }
    }) as never);
  }
  return server;
}
