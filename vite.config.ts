import { defineConfig } from "vite";

export default defineConfig({
  root: "src/web",
  base: "/",
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // Mantine marks its modules "use client" for React Server Components; irrelevant in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: "automatic" } },
  server: { proxy: { "/api": "http://localhost:3000" } },
});
