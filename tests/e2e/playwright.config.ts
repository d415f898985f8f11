// End-to-end tests against the real release server (fresh SQLite file) and the static export,
// in Debian's Chromium. `./linli test` builds both first; never `playwright install`.
import { defineConfig, devices } from "@playwright/test";
import { resolve } from "node:path";

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

export const SERVER = "http://127.0.0.1:18080";
/** Where global-setup.ts writes the scanner's fixtures (plate.y4m, plate.png). */
export const FIXTURES = resolve(__dirname, "../../target/e2e/fixtures");
export const STATIC = "http://127.0.0.1:18081";
/** The first-run committee password of the e2e server's fresh database. */
export const ADMIN_PASSWORD = "e2e-committee-password";

export default defineConfig({
  testDir: ".",
  globalSetup: "./global-setup.ts",
  outputDir: "../../target/e2e/results",
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: SERVER,
    locale: "zh-CN",
    launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
    trace: "off",
  },
  projects: [
    {
      name: "phone",
      use: { ...devices["iPhone SE"], browserName: "chromium", viewport: { width: 375, height: 667 } },
    },
  ],
  webServer: [
    {
      command:
        "../../target/release/linli-server --db ../../target/e2e/db/e2e.sqlite --dist ../../dist serve --port 18080",
      env: { LINLI_ADMIN_PASSWORD: ADMIN_PASSWORD },
      url: `${SERVER}/api/v1/meta.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A plain static file server with no rewrite rules: the export must work on it as it is.
      command: "python3 -m http.server 18081 --bind 127.0.0.1 --directory ../../target/e2e/export",
      url: `${STATIC}/api/v1/meta.json`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
