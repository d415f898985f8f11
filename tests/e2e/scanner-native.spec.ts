// The scanner's paths that Linux Chromium cannot take by itself: a browser QR reader
// (BarcodeDetector), which phones' browsers have and which WeChat's exposes broken, and the
// camera's torch. Each is given to the page as a browser would: a BarcodeDetector that really
// reads the canvas it is handed (jsQR does the reading), and a camera track that lists `torch`
// among its capabilities and records what `applyConstraints` is asked. The camera itself is
// Chromium's fake one playing the plate clip, as in scanner.spec.ts.
import { test, expect, type Page } from "@playwright/test";
import { resolve } from "node:path";
import { FIXTURES, chromiumArgs } from "./playwright.config";

const PLATE = "1101120110000001";
/** The self-test code the scanner draws: 21 modules plus an 8-module margin, 4 px a module. */
const SELF_TEST = "116x116";
const JSQR = resolve(__dirname, "../../node_modules/jsqr/dist/jsQR.js");

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

/** How the detector answers: really reading every canvas, reading only its own self-test
 *  (a camera pointed at nothing), or never finding anything (the broken one WeChat exposes). */
type Detector = "reads" | "self-test-only" | "finds-nothing";

/** Installs the browser parts before the app starts, and the records the tests read back. */
async function install(page: Page, detector: Detector) {
  await page.addInitScript({ path: JSQR });
  await page.addInitScript((mode: Detector) => {
    const seen = { detected: [] as string[], frames: 0, vibrations: [] as unknown[], torch: [] as string[], tracks: [] as MediaStreamTrack[] };
    (window as any).__seen = seen;

    class FakeBarcodeDetector {
      static async getSupportedFormats() {
        return ["qr_code"];
      }
      async detect(canvas: HTMLCanvasElement) {
        const size = `${canvas.width}x${canvas.height}`;
        seen.detected.push(size);
        if (mode === "finds-nothing" || (mode === "self-test-only" && size !== "116x116")) return [];
        const image = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
        const read = (window as any).jsQR(image.data, canvas.width, canvas.height);
        return read ? [{ rawValue: read.data, format: "qr_code" }] : [];
      }
    }
    (window as any).BarcodeDetector = FakeBarcodeDetector;

    // Every frame sent to the decoder worker goes through postMessage.
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: any[]) {
      seen.frames++;
      return (post as any).apply(this, args);
    };

    navigator.vibrate = (pattern: VibratePattern) => {
      seen.vibrations.push(pattern);
      return true;
    };

    // The rear camera with a switchable light, as most phones have.
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      const stream = await getUserMedia(constraints);
      for (const track of stream.getVideoTracks()) {
        seen.tracks.push(track);
        const capabilities = track.getCapabilities.bind(track);
        track.getCapabilities = () => ({ ...capabilities(), torch: true }) as MediaTrackCapabilities;
        track.applyConstraints = async (asked?: MediaTrackConstraints) => {
          seen.torch.push(JSON.stringify(asked));
        };
      }
      return stream;
    };
  }, detector);
}

const seen = (page: Page) => page.evaluate(() => {
  const s = (window as any).__seen;
  return { detected: s.detected as string[], frames: s.frames as number, vibrations: s.vibrations as unknown[], torch: s.torch as string[], ended: s.tracks.map((t: MediaStreamTrack) => t.readyState) as string[] };
});

test("a browser QR reader that reads the self-test code reads the camera frames instead of the worker", async ({ page }) => {
  await install(page, "reads");
  await page.goto("/scan");
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
  const after = await seen(page);
  expect(after.detected[0]).toBe(SELF_TEST);
  expect(after.detected.filter((size) => size !== SELF_TEST).length).toBeGreaterThan(0);
  expect(after.frames).toBe(0);
  // The phone buzzes once the code is read, and the camera is released when the page changes.
  expect(after.vibrations).toEqual([150]);
  expect(after.ended.length).toBeGreaterThan(0);
  await expect.poll(async () => (await seen(page)).ended.every((state) => state === "ended")).toBe(true);
});

test("a browser QR reader that finds nothing (as WeChat's) is not trusted: the wasm decoder reads the plate", async ({ page }) => {
  await install(page, "finds-nothing");
  await page.goto("/scan");
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
  const after = await seen(page);
  // Asked once, for its self-test, and never again.
  expect(after.detected).toEqual([SELF_TEST]);
  expect(after.frames).toBeGreaterThan(0);
});

test("the torch button appears when the camera has a light, and switches it on and off", async ({ page }) => {
  await install(page, "self-test-only");
  await page.goto("/scan");
  const on = page.getByRole("button", { name: "打开手电筒" });
  await expect(on).toBeVisible({ timeout: 30_000 });
  await on.click();
  const off = page.getByRole("button", { name: "关闭手电筒" });
  await expect(off).toBeVisible();
  await off.click();
  await expect(on).toBeVisible();
  expect((await seen(page)).torch).toEqual([
    JSON.stringify({ advanced: [{ torch: true }] }),
    JSON.stringify({ advanced: [{ torch: false }] }),
  ]);
  // Leaving the scanner turns the camera (and its light) off.
  await page.getByRole("link", { name: /首页|扫码/ }).first().click();
  await expect(page).not.toHaveURL(/\/scan$/);
  await expect.poll(async () => (await seen(page)).ended.every((state) => state === "ended")).toBe(true);
});
