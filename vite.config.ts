import { defineConfig } from "vite";

export default defineConfig({
  root: "src/web",
  base: "/",
  build: { outDir: "../../dist/web", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  oxc: { jsx: { runtime: "automatic" } },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
