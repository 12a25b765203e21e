// Builds the touchscreen page: `npx vite build web` → web/dist, served by the daemon at `/`.
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  plugins: [preact()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Everything ships inside the page; the device may be offline.
    assetsInlineLimit: 0,
    target: "es2022",
    reportCompressedSize: false,
  },
  server: {
    // `npx vite web` during development proxies the API to a daemon on 7421.
    proxy: { "/api": { target: "http://127.0.0.1:7421", ws: true } },
  },
});
