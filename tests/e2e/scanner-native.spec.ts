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

/** What the page did, recorded in the test itself: the scanner leaves for the component page
 *  with a page load, which would wipe any record kept in the page. */
type Seen = { detected: string[]; frames: number; vibrations: unknown[]; torch: string[] };

/** Installs the browser parts before the app starts, and the records the tests read back. */
async function install(page: Page, detector: Detector): Promise<Seen> {
  const seen: Seen = { detected: [], frames: 0, vibrations: [], torch: [] };
  await page.exposeFunction("__record", (kind: keyof Seen, value: string) => {
    if (kind === "frames") seen.frames++;
    else (seen[kind] as unknown[]).push(kind === "vibrations" ? JSON.parse(value) : value);
  });
  await page.addInitScript({ path: JSQR });
  await page.addInitScript((mode: Detector) => {
    const record = (kind: string, value = "") => void (window as any).__record(kind, value);
    // The camera's tracks, read on the scanner page itself (the light test).
    const tracks: MediaStreamTrack[] = [];
    (window as any).__tracks = tracks;
    (window as any).__scannerDocument = location.pathname === "/scan";

    class FakeBarcodeDetector {
      static async getSupportedFormats() {
        return ["qr_code"];
      }
      async detect(canvas: HTMLCanvasElement) {
        const size = `${canvas.width}x${canvas.height}`;
        record("detected", size);
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
      record("frames");
      return (post as any).apply(this, args);
    };

    navigator.vibrate = (pattern: VibratePattern) => {
      record("vibrations", JSON.stringify(pattern));
      return true;
    };

    // The rear camera with a switchable light, as most phones have.
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      const stream = await getUserMedia(constraints);
      for (const track of stream.getVideoTracks()) {
        tracks.push(track);
        const capabilities = track.getCapabilities.bind(track);
        track.getCapabilities = () => ({ ...capabilities(), torch: true }) as MediaTrackCapabilities;
        track.applyConstraints = async (asked?: MediaTrackConstraints) => {
          record("torch", JSON.stringify(asked));
        };
      }
      return stream;
    };
  }, detector);
  return seen;
}

/** The states of the camera tracks the current page opened. */
const trackStates = (page: Page) =>
  page.evaluate(() => ((window as any).__tracks as MediaStreamTrack[]).map((t) => t.readyState));

/** Whether the current document is the one that was loaded for `/scan` (marked as it starts),
 *  rather than a page loaded anew: the browser ends the camera tracks of a document it unloads. */
const scannerDocument = (page: Page) => page.evaluate(() => (window as any).__scannerDocument === true);

test("a browser QR reader that reads the self-test code reads the camera frames instead of the worker", async ({ page }) => {
  const seen = await install(page, "reads");
  await page.goto("/scan");
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
  await expect(page.getByTestId("component-name")).toBeVisible();
  expect(seen.detected[0]).toBe(SELF_TEST);
  expect(seen.detected.filter((size) => size !== SELF_TEST).length).toBeGreaterThan(0);
  expect(seen.frames).toBe(0);
  // The phone buzzes once the code is read; the component page is a page load of its own, so
  // the scanner's document, and with it the camera, is gone.
  expect(seen.vibrations).toEqual([150]);
  expect(await scannerDocument(page)).toBe(false);
});

test("a browser QR reader that finds nothing (as WeChat's) is not trusted: the wasm decoder reads the plate", async ({ page }) => {
  const seen = await install(page, "finds-nothing");
  await page.goto("/scan");
  await expect(page).toHaveURL(new RegExp(`/c/${PLATE}$`), { timeout: 30_000 });
  await expect(page.getByTestId("component-name")).toBeVisible();
  // Asked once, for its self-test, and never again.
  expect(seen.detected).toEqual([SELF_TEST]);
  expect(seen.frames).toBeGreaterThan(0);
});

test("the torch button appears when the camera has a light, and switches it on and off", async ({ page }) => {
  const seen = await install(page, "self-test-only");
  await page.goto("/scan");
  const on = page.getByRole("button", { name: "打开手电筒" });
  await expect(on).toBeVisible({ timeout: 30_000 });
  await on.click();
  const off = page.getByRole("button", { name: "关闭手电筒" });
  await expect(off).toBeVisible();
  await off.click();
  await expect(on).toBeVisible();
  expect(await trackStates(page)).toContain("live");
  await expect.poll(() => seen.torch).toEqual([
    JSON.stringify({ advanced: [{ torch: true }] }),
    JSON.stringify({ advanced: [{ torch: false }] }),
  ]);
  // Leaving the scanner is a page load: the browser ends the camera (and its light) with the
  // scanner's document.
  await page.getByRole("link", { name: /首页|扫码/ }).first().click();
  await expect(page).not.toHaveURL(/\/scan$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await scannerDocument(page)).toBe(false);
});
