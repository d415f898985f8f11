// The in-app scanner as a resident uses it: the camera (Chromium's fake camera playing a clip of
// a printed plate, written by global-setup.ts) reads the plate and opens its page. The photo
// fallback, without a camera, is in scanner-photo.spec.ts: launch options are per file.
import { test, expect, type Page } from "@playwright/test";
import { FIXTURES, chromiumArgs } from "./playwright.config";

const PLATE = "1101120110000001";
const NAME = "北苑南路路灯 BYNL-005";

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

test.use({
  permissions: ["camera"],
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: [
      ...chromiumArgs,
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${FIXTURES}/plate.y4m`,
    ],
  },
});

test("the scanner reads a plate through the camera and opens its page", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/");
  // The fake camera can read the plate at once, and the page then leaves /scan before an
  // assertion made after the click would look: wait for /scan from before the click.
  await Promise.all([page.waitForURL(/\/scan$/), page.getByRole("link", { name: "扫一扫" }).click()]);
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
  await expect(page.getByTestId("component-name")).toHaveText(NAME);
  expect(errors).toEqual([]);
});

// The scanner's module comes in two builds (scanner_module.rs): with wasm SIMD for engines that
// validate it, as Chromium does, and plain for the rest (iOS before 16.4). Each phone downloads
// one, and its decoder worker is the same build.
test("an engine with wasm SIMD loads the SIMD build of the scanner, and only that", async ({ page, context }) => {
  const fetched: string[] = [];
  context.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto("/scan");
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
  // The page's module and its decoder worker (started from the loader).
  expect(fetched).toContain("/qr-worker-simd_bg.wasm");
  expect(fetched).toContain("/qr-worker-simd_loader.js");
  expect(fetched.filter((path) => path.startsWith("/qr-worker_"))).toEqual([]);
});

test("an engine without wasm SIMD gets the plain build, and it reads the plate", async ({ page, context }) => {
  const errors = watchConsole(page);
  // Such an engine rejects every module that uses SIMD; the probe is the only one the page
  // validates.
  await page.addInitScript(() => {
    WebAssembly.validate = () => false;
  });
  const fetched: string[] = [];
  context.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto("/scan");
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
  await expect(page.getByTestId("component-name")).toHaveText(NAME);
  expect(fetched).toContain("/qr-worker_bg.wasm");
  expect(fetched).toContain("/qr-worker_loader.js");
  expect(fetched.filter((path) => path.startsWith("/qr-worker-simd"))).toEqual([]);
  expect(errors).toEqual([]);
});
