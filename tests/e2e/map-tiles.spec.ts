// The map page's licensed tiles and "my position" on its start screen. Tiles are off by default:
// the e2e server then draws the streets alone and the page asks no other host for anything. With
// tiles configured (a second server started here, its tile URL pointed at a PNG on the e2e static
// server, so nothing leaves the machine), the tiles lie under the streets and the provider's
// notice is shown. "My position" on /map finds the community with the nearest building, or says
// plainly that the phone is outside every community; a link with a GCJ-02 position (what WeChat
// gives a mini-program) lands on the same place in WGS-84. At 375×667 and 1080×1920, with
// screenshots.
import { test, expect, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { SERVER, STATIC } from "./playwright.config";

const COMMUNITY = "beiyuan-jiayuan";
const SHOTS = "../../target/e2e";
const TILES_PORT = process.env.LINLI_E2E_TILES_PORT ?? "18082";
const TILES_SERVER = `http://127.0.0.1:${TILES_PORT}`;
/** The static server ignores the query string, so every tile is this one 32×32 PNG. */
const TILE_FILE = "e2e-tile.png";
const TILE_URL = `${STATIC}/${TILE_FILE}?z={z}&x={x}&y={y}`;
/** A made-up approval number: the test checks that the operator's setting reaches the page. */
const APPROVAL = "GS(2099)0001号";
const TILE_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAe0lEQVR42mPYMC2PpoiBTha8f3aJILpzdj0xytDUE2sBeaYTawHZphNlASWmE7aAQtMJWEC56fgsoIrpOC2glunYLaCi6VgsoK7p6BZQ3XQUC2hhOsICGplOQllEdiog2QJS/UqaBWSE5Gh9MFofjNYHo/XBaH1AjdwHAEgxFUyK+Qi4AAAAAElFTkSuQmCC";

const SIZES = [
  { name: "375", width: 375, height: 667 },
  { name: "1080", width: 1080, height: 1920 },
];

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** The tile worker's files the page (or its workers) fetched: the map starts it only with tiles on. */
function watchTileWorker(page: Page): string[] {
  const files: string[] = [];
  page.context().on("request", (r) => {
    if (/\/map\/map-tiles[^/]*$/.test(new URL(r.url()).pathname)) files.push(new URL(r.url()).pathname);
  });
  return files;
}

/** Every host the page asked for anything. */
function watchHosts(page: Page): Set<string> {
  const hosts = new Set<string>();
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol.startsWith("http")) hosts.add(url.origin);
  });
  return hosts;
}

test.describe("tiles off (the default)", () => {
  test("the drawing has no tiles, says it uses no online map, and asks no other host", async ({ page }) => {
    const hosts = watchHosts(page);
    const worker = watchTileWorker(page);
    const setting = await (await page.request.get("/api/v1/map-tiles.json")).json();
    expect(setting).toEqual({ tiles: null });
    await page.goto(`/map/${COMMUNITY}`);
    await page.getByLabel("我的楼栋").selectOption({ index: 1 });
    await expect(page.getByTestId("reach-item").first()).toBeVisible();
    await expect(page.getByTestId("street-map").locator("image")).toHaveCount(0);
    await expect(page.getByTestId("tile-notice")).toHaveCount(0);
    await expect(page.locator(".map-note")).toContainText("未使用在线地图");
    expect([...hosts]).toEqual([SERVER]);
    // The tile worker (its tile math) is not downloaded where tiles are off.
    expect(worker).toEqual([]);
  });
});

test.describe("tiles on (a provider configured, tiles from a local server)", () => {
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    writeFileSync(resolve(__dirname, "../../target/e2e/export", TILE_FILE), Buffer.from(TILE_PNG, "base64"));
    const db = resolve(__dirname, "../../target/e2e/db/tiles");
    rmSync(db, { recursive: true, force: true });
    mkdirSync(db, { recursive: true });
    server = spawn(
      resolve(__dirname, "../../target/release/linli-server"),
      ["--db", `${db}/tiles.sqlite`, "--dist", resolve(__dirname, "../../dist"), "serve", "--port", TILES_PORT],
      {
        env: {
          ...process.env,
          LINLI_MAP_TILES: "tianditu",
          LINLI_MAP_TILES_URL: TILE_URL,
          LINLI_MAP_TILES_APPROVAL: APPROVAL,
          LINLI_SAMPLE_IF_EMPTY: "1",
          LINLI_ADMIN_PASSWORD: "e2e-tiles-password",
          LINLI_LOG: "warn",
        },
        stdio: "ignore",
      },
    );
    for (let i = 0; i < 300; i++) {
      const up = await fetch(`${TILES_SERVER}/api/v1/meta.json`).then((r) => r.ok, () => false);
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the tiles server did not start on ${TILES_SERVER}`);
  });

  test.afterAll(() => {
    server?.kill();
  });

  for (const size of SIZES) {
    test(`at ${size.width}×${size.height} the tiles lie under the streets and the notice is shown`, async ({ page }) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      const errors = watchConsole(page);
      const hosts = watchHosts(page);
      const worker = watchTileWorker(page);
      const tileAnswers: number[] = [];
      page.on("response", (r) => r.url().includes(TILE_FILE) && tileAnswers.push(r.status()));
      const csp = (await page.request.get(`${TILES_SERVER}/map`)).headers()["content-security-policy"];
      expect(csp).toMatch(new RegExp(`img-src 'self' data: blob: ${STATIC};`));

      await page.goto(`${TILES_SERVER}/map/${COMMUNITY}`);
      await page.getByLabel("我的楼栋").selectOption({ index: 1 });
      await expect(page.getByTestId("reach-item").first()).toBeVisible();
      const map = page.getByTestId("street-map");
      const images = map.locator("[data-testid=map-tiles] image");
      await expect.poll(() => images.count()).toBeGreaterThan(0);
      // Under the streets: the tiles' group comes first in the drawing, so everything is on top.
      const order = await map.evaluate((svg) =>
        Array.from(svg.children).map((c) => c.getAttribute("class") ?? c.tagName),
      );
      expect(order[0]).toBe("map-tiles");
      expect(order.indexOf("streets")).toBeGreaterThan(0);
      // Placed by the tile worker, fetched now that tiles are on.
      expect(worker).toEqual(expect.arrayContaining(["/map/map-tiles_loader.js", "/map/map-tiles_bg.wasm"]));
      // Every tile came from the configured (local) server and was drawn.
      const hrefs = await images.evaluateAll((list) => list.map((i) => i.getAttribute("href") ?? ""));
      expect(hrefs.every((h) => h.startsWith(`${STATIC}/${TILE_FILE}?z=`))).toBe(true);
      await expect.poll(() => tileAnswers.length).toBeGreaterThan(0);
      expect(tileAnswers.every((s) => s === 200)).toBe(true);
      const sizes = await images.evaluateAll((list) =>
        list.map((i) => (i as SVGGraphicsElement).getBoundingClientRect().width),
      );
      expect(Math.min(...sizes)).toBeGreaterThan(20);
      const zoom = (h: string) => Number(new URL(h).searchParams.get("z"));
      const before = Math.max(...hrefs.map(zoom));

      const notice = page.getByTestId("tile-notice");
      await expect(notice).toBeVisible();
      await expect(notice).toContainText("天地图");
      await expect(notice).toContainText(`审图号：${APPROVAL}`);
      await expect(page.locator(".map-note")).toContainText("地图服务商");
      await expect(page.locator(".map-note")).not.toContainText("未使用在线地图");
      await map.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/map-tiles-${size.name}.png` });
      await page.locator(".street-map-section").screenshot({ path: `${SHOTS}/map-tiles-section-${size.name}.png` });

      // Closer in, finer tiles.
      await page.getByTestId("zoom-in").click();
      await page.getByTestId("zoom-in").click();
      await expect
        .poll(async () => Math.max(...(await images.evaluateAll((l) => l.map((i) => i.getAttribute("href") ?? ""))).map(zoom)))
        .toBeGreaterThan(before);
      expect([...hosts].sort()).toEqual([STATIC, TILES_SERVER].sort());
      expect(errors).toEqual([]);
    });
  }
});

test.describe("my position on the start screen", () => {
  test.use({ viewport: { width: 375, height: 667 } });

  test("starts the walk in the community with the nearest building, from the position itself", async ({ page, context }) => {
    const errors = watchConsole(page);
    const { communities } = await (await page.request.get("/api/v1/communities.json")).json();
    const last = communities[communities.length - 1].id as string;
    const { buildings } = await (await page.request.get(`/api/v1/buildings/by-community/${last}.json`)).json();
    const { lat, lon } = buildings[0].location;
    await context.grantPermissions(["geolocation"]);
    // About 30 m north-east of that building.
    await context.setGeolocation({ latitude: lat + 0.0002, longitude: lon + 0.0002 });
    await page.goto("/map");
    await expect(page.getByTestId("street-list")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/map-start-375.png`, fullPage: true });
    await page.getByTestId("start-position-anywhere").click();
    await expect(page).toHaveURL(new RegExp(`/map/${last}\\?at=\\d+\\.\\d{4},\\d+\\.\\d{4}$`));
    await expect(page.getByTestId("start-line")).toContainText("您的位置");
    await expect(page.getByTestId("circle-summary")).toContainText("15分钟内可到达");
    await expect(page.getByTestId("reach-item").first()).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("a link with a GCJ-02 position (WeChat's datum) starts from the same place in WGS-84", async ({ page }) => {
    const errors = watchConsole(page);
    const { communities } = await (await page.request.get("/api/v1/communities.json")).json();
    const last = communities[communities.length - 1].id as string;
    const { buildings } = await (await page.request.get(`/api/v1/buildings/by-community/${last}.json`)).json();
    const { lat, lon } = buildings[0].location;
    // What a mini-program's wx.getLocation({type: "gcj02"}) would hand over: some 500 m off.
    const [gLat, gLon] = wgs84ToGcj02(lat, lon);
    expect(Math.hypot(gLat - lat, gLon - lon)).toBeGreaterThan(0.002);
    await page.goto(`/map?gcj02=${gLat.toFixed(6)},${gLon.toFixed(6)}`);
    await expect(page).toHaveURL(new RegExp(`/map/${last}\\?at=\\d+\\.\\d{4},\\d+\\.\\d{4}$`));
    const at = new URL(page.url()).searchParams.get("at")!.split(",").map(Number);
    expect(Math.abs(at[0] - lat)).toBeLessThan(0.0001);
    expect(Math.abs(at[1] - lon)).toBeLessThan(0.0001);
    await expect(page.getByTestId("start-line")).toContainText("您的位置");
    await expect(page.getByTestId("reach-item").first()).toBeVisible();
    // The redirect took the link's place: back leaves the map rather than returning to it.
    expect(await page.evaluate(() => history.length)).toBe(2);
    expect(errors).toEqual([]);
  });

  test("outside every community it says so plainly and keeps the list", async ({ page, context }) => {
    await context.grantPermissions(["geolocation"]);
    // 天津 (Tianjin), some 100 km from Tongzhou.
    await context.setGeolocation({ latitude: 39.1256, longitude: 117.1909 });
    await page.goto("/map");
    await page.getByTestId("start-position-anywhere").click();
    const message = page.getByTestId("position-too-far");
    await expect(message).toContainText("1000 米内没有任何社区的楼栋");
    await expect(message).toContainText("还没有这里的数据");
    await expect(page).toHaveURL(/\/map$/);
    await expect(page.getByTestId("street-list").locator("a")).not.toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/map-start-too-far-375.png`, fullPage: true });
  });

  test("without permission it asks to choose a community instead", async ({ page }) => {
    await page.goto("/map");
    await page.getByTestId("start-position-anywhere").click();
    await expect(page.getByTestId("start-here")).toContainText("未能取得您的位置");
    await expect(page).toHaveURL(/\/map$/);
  });
});

/** The published WGS-84 → GCJ-02 transform, written out again here so the test does not take the
 *  app's own conversion on trust. */
function wgs84ToGcj02(lat: number, lon: number): [number, number] {
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  const x = lon - 105.0;
  const y = lat - 35.0;
  const pi = Math.PI;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * pi) + 40.0 * Math.sin((y / 3.0) * pi)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * pi) + 320 * Math.sin((y * pi) / 30.0)) * 2.0) / 3.0;
  let dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLon += ((20.0 * Math.sin(6.0 * x * pi) + 20.0 * Math.sin(2.0 * x * pi)) * 2.0) / 3.0;
  dLon += ((20.0 * Math.sin(x * pi) + 40.0 * Math.sin((x / 3.0) * pi)) * 2.0) / 3.0;
  dLon += ((150.0 * Math.sin((x / 12.0) * pi) + 300.0 * Math.sin((x / 30.0) * pi)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * pi;
  const magic = 1 - ee * Math.sin(radLat) * Math.sin(radLat);
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * pi);
  dLon = (dLon * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * pi);
  return [lat + dLat, lon + dLon];
}
