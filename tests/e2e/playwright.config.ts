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

/** Ports can be moved (LINLI_E2E_PORT, LINLI_E2E_STATIC_PORT) so two checkouts can test at once. */
const SERVER_PORT = process.env.LINLI_E2E_PORT ?? "18080";
const STATIC_PORT = process.env.LINLI_E2E_STATIC_PORT ?? "18081";
export const SERVER = `http://127.0.0.1:${SERVER_PORT}`;
/** Where global-setup.ts writes the scanner's fixtures (plate.y4m, plate.png). */
export const FIXTURES = resolve(__dirname, "../../target/e2e/fixtures");
export const STATIC = `http://127.0.0.1:${STATIC_PORT}`;
/** The first-run committee password of the e2e server's fresh database. */
export const ADMIN_PASSWORD = "e2e-committee-password";
/** Two named committee members of 北苑家园, added with `linli-server add-user` before the server
 *  starts: an early close needs a second person, and a paper ballot two named members' keyings. */
export const SECOND_MEMBER = { username: "li-committee", password: "e2e-second-member-password" };
export const THIRD_MEMBER = { username: "wang-committee", password: "e2e-third-member-password" };

const WECHAT_IOS =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323b) NetType/WIFI Language/zh_CN";
const WECHAT_ANDROID =
  "Mozilla/5.0 (Linux; Android 14; V2227A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2585 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";

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
    // The residents' flows again, in browsers that behave like WeChat's (see fixtures.ts).
    {
      name: "wechat-ios",
      testMatch: /(report|wechat)\.spec\.ts$/,
      metadata: { wechat: "ios" },
      use: {
        browserName: "chromium",
        viewport: { width: 375, height: 812 },
        hasTouch: true,
        isMobile: true,
        deviceScaleFactor: 3,
        userAgent: WECHAT_IOS,
      },
    },
    {
      name: "wechat-android",
      testMatch: /(report|wechat)\.spec\.ts$/,
      metadata: { wechat: "android" },
      use: {
        browserName: "chromium",
        viewport: { width: 393, height: 851 },
        hasTouch: true,
        isMobile: true,
        deviceScaleFactor: 2.75,
        userAgent: WECHAT_ANDROID,
      },
    },
  ],
  webServer: [
    {
      // The database is fresh (`./linli test` empties target/e2e/db): add-user creates it with the
      // sample data (LINLI_SAMPLE_IF_EMPTY) and the first-run account, then adds the second and
      // third members.
      command:
        `../../target/release/linli-server --db ../../target/e2e/db/e2e.sqlite add-user --username ${SECOND_MEMBER.username} --community beiyuan-jiayuan` +
        ` && LINLI_NEW_USER_PASSWORD=${THIRD_MEMBER.password} ../../target/release/linli-server --db ../../target/e2e/db/e2e.sqlite add-user --username ${THIRD_MEMBER.username} --community beiyuan-jiayuan` +
        ` && ../../target/release/linli-server --db ../../target/e2e/db/e2e.sqlite --dist ../../dist serve --port ${SERVER_PORT}`,
      env: {
        LINLI_SAMPLE_IF_EMPTY: "1",
        LINLI_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LINLI_NEW_USER_PASSWORD: SECOND_MEMBER.password,
        // Every member in these tests signs in from 127.0.0.1, dozens of times in five minutes:
        // more than a desk does in a day. The limits themselves are tested in the server's tests.
        LINLI_LIMIT_SIGN_IN: "1000/10m",
        LINLI_LIMIT_SIGN_IN_ACCOUNT: "1000/10m",
      },
      url: `${SERVER}/api/v1/meta.json`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A static host as Netlify's and Cloudflare's serve a folder: files, the export's
      // `_redirects` (every component's pages from one copy) and `_headers`, and `404.html`.
      command: `python3 static-host.py ${STATIC_PORT} ../../target/e2e/export`,
      url: `${STATIC}/api/v1/meta.json`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
