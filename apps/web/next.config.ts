import type { NextConfig } from "next";

/**
 * A static export (`out/`): the server ships it and serves it at `/` with a strict CSP, so
 * nothing here may need a Node server at run time.
 */
const config: NextConfig = {
  output: "export",
  reactStrictMode: true,
  poweredByHeader: false,
  productionBrowserSourceMaps: false,
  images: { unoptimized: true },
  // `pnpm typecheck` (tsc) checks this package with the rest; checking again here would only
  // slow down `pnpm start`, which builds the export.
  typescript: { ignoreBuildErrors: true },
};

export default config;
