// The 15-minute circle's map page (its own bundle, /map): a resident chooses a building, reads the
// list of services by walking time and finds the same numbers on the drawing; filters live in the
// URL; list, filters and zoom work from the keyboard alone; a scanned plate opens its own circle.
// At the phone's size and the kiosk's (1080×1920), with screenshots of both.
import { test, expect, type Page, type Locator } from "@playwright/test";
import { STATIC } from "./playwright.config";
import { chooseCommunity } from "./fixtures";

const COMMUNITY = "beiyuan-jiayuan";
const PLATE = "1101120110000001";
const SHOTS = "../../target/e2e";

const SIZES = [
  { name: "375", width: 375, height: 667 },
  { name: "1080", width: 1080, height: 1920 },
];

/** Fails the test on any console error or CSP violation the page reports. */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

async function numbersInList(page: Page): Promise<string[]> {
  return page.getByTestId("reach-item").locator(".marker-number").allTextContents();
}

async function numbersOnMap(page: Page): Promise<string[]> {
  return page.locator("[data-testid=street-map] .marker").evaluateAll((markers) =>
    markers.map((m) => m.getAttribute("data-number") ?? ""),
  );
}

/** Presses Tab until `target` has the focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

async function viewBox(page: Page): Promise<number[]> {
  const box = await page.getByTestId("street-map").getAttribute("viewBox");
  return (box ?? "").split(" ").map(Number);
}

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("choosing a building lists the services in walking order, numbered as on the drawing", async ({ page }) => {
      const errors = watchConsole(page);
      await page.goto("/map");
      await chooseCommunity(page, "/map", COMMUNITY);
      await expect(page).toHaveURL(new RegExp(`/map/${COMMUNITY}$`));
      await page.getByLabel("我的楼栋").selectOption({ index: 1 });
      await expect(page).toHaveURL(/\?b=\d+$/);
      const summary = page.getByTestId("circle-summary");
      await expect(summary).toContainText("15分钟内可到达");
      const count = Number((await summary.textContent())?.match(/(\d+) 个服务点/)?.[1]);
      expect(count).toBeGreaterThan(0);

      const items = page.getByTestId("reach-item");
      await expect(items).toHaveCount(count);
      const listed = await numbersInList(page);
      expect(listed).toEqual(Array.from({ length: count }, (_, i) => String(i + 1)));
      expect(await numbersOnMap(page)).toEqual(listed);
      // Nearest first, in whole minutes and metres.
      const metres = (await items.locator(".card-meta").filter({ hasText: "步行" }).allTextContents()).map((t) =>
        Number(t.match(/(\d+) 米/)?.[1]),
      );
      expect(metres).toEqual([...metres].sort((a, b) => a - b));
      expect(Math.max(...metres)).toBeLessThanOrEqual(1080);
      // The reach is drawn in three line styles, and "you are here" is on the drawing.
      for (const band of ["reach-5", "reach-10", "reach-15"]) {
        expect((await page.locator(`[data-testid=street-map] .${band}`).getAttribute("d"))?.length).toBeGreaterThan(0);
      }
      await expect(page.getByTestId("street-map").locator(".here")).toHaveCount(1);
      await expect(page.getByTestId("map-legend")).toContainText("您在这里");
      await page.screenshot({ path: `${SHOTS}/map-building-${size.name}.png`, fullPage: true });

      // The older walker's pace reaches fewer services, and the URL says so.
      await page.getByRole("button", { name: "老年人步速（0.9 米/秒）" }).click();
      await expect(page).toHaveURL(/pace=elderly/);
      const slower = Number((await summary.textContent())?.match(/(\d+) 个服务点/)?.[1]);
      expect(slower).toBeLessThan(count);
      await expect(items).toHaveCount(slower);
      expect(await numbersOnMap(page)).toEqual(await numbersInList(page));
      expect(errors).toEqual([]);
    });

    test("a category filter changes the URL and survives a reload", async ({ page }) => {
      await page.goto(`/map/${COMMUNITY}`);
      await page.getByLabel("我的楼栋").selectOption({ index: 2 });
      await expect(page.getByTestId("reach-item").first()).toBeVisible();
      const all = await page.getByTestId("reach-item").count();
      // The first category that has a service in the circle, but not every one of them.
      const chips = page.getByTestId("category-chips").locator("button[data-category]");
      let chip: Locator | undefined;
      for (const candidate of await chips.all()) {
        const n = Number(await candidate.locator(".chip-count").textContent());
        if (n > 0 && n < all) {
          chip = candidate;
          break;
        }
      }
      expect(chip).toBeDefined();
      const category = (await chip!.getAttribute("data-category"))!;
      const expected = Number(await chip!.locator(".chip-count").textContent());
      await chip!.click();
      await expect(page).toHaveURL(new RegExp(`cat=${category}`));
      await expect(chip!).toHaveAttribute("aria-pressed", "true");
      await expect(page.getByTestId("reach-item")).toHaveCount(expected);
      expect(await numbersOnMap(page)).toEqual(await numbersInList(page));

      await page.reload();
      const again = page.locator(`button[data-category=${category}]`);
      await expect(again).toHaveAttribute("aria-pressed", "true");
      await expect(page.getByTestId("reach-item")).toHaveCount(expected);
      await expect(page.getByRole("button", { name: "全部类别" })).toHaveAttribute("aria-pressed", "false");
      await page.screenshot({ path: `${SHOTS}/map-filtered-${size.name}.png`, fullPage: true });

      await page.getByRole("button", { name: "全部类别" }).click();
      await expect(page).not.toHaveURL(/cat=/);
      await expect(page.getByTestId("reach-item")).toHaveCount(all);
    });

    test("the building, the filters, the list and the zoom buttons work from the keyboard alone", async ({ page }) => {
      await page.goto(`/map/${COMMUNITY}`);
      await expect(page.getByLabel("我的楼栋")).toBeVisible();
      await tabTo(page, page.getByLabel("我的楼栋"));
      await page.keyboard.press("ArrowDown");
      await expect(page).toHaveURL(/\?b=\d+/);
      await expect(page.getByTestId("reach-item").first()).toBeVisible();

      const chip = page.getByTestId("category-chips").locator("button[data-category]").first();
      await tabTo(page, chip);
      await page.keyboard.press("Space");
      await expect(page).toHaveURL(/cat=/);
      await expect(chip).toHaveAttribute("aria-pressed", "true");
      await page.keyboard.press("Space");
      await expect(page).not.toHaveURL(/cat=/);

      const first = page.getByTestId("reach-item").first().locator("button");
      await tabTo(page, first);
      await page.keyboard.press("Enter");
      await expect(first).toHaveAttribute("aria-pressed", "true");
      await expect(page.locator("[data-testid=street-map] .marker-selected")).toHaveAttribute("data-number", "1");

      const before = await viewBox(page);
      await tabTo(page, page.getByTestId("zoom-in"));
      await page.keyboard.press("Enter");
      await expect.poll(async () => (await viewBox(page))[2]).toBeLessThan(before[2]);
      const zoomed = await viewBox(page);
      await tabTo(page, page.getByTestId("pan-east"));
      await page.keyboard.press("Enter");
      await expect.poll(async () => (await viewBox(page))[0]).toBeGreaterThan(zoomed[0]);
      await tabTo(page, page.getByTestId("zoom-out"));
      await page.keyboard.press("Enter");
      await expect.poll(async () => (await viewBox(page))[2]).toBeGreaterThan(zoomed[2]);
      await page.screenshot({ path: `${SHOTS}/map-keyboard-${size.name}.png` });
    });
  });
}

test("a scanned plate's page links to the circle around it", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`/c/${PLATE}`);
  await page.getByTestId("nearby-services").click();
  await expect(page).toHaveURL(new RegExp(`/map/${COMMUNITY}\\?c=${PLATE}$`));
  await expect(page.getByTestId("start-line")).toContainText("北苑南路路灯");
  await expect(page.getByTestId("circle-summary")).toContainText("15分钟内可到达");
  expect(await numbersOnMap(page)).toEqual(await numbersInList(page));
  // Choosing a building from there (the start picker folds away once a start is known) moves to
  // the community's own address.
  await page.getByText("从哪里出发").click();
  await page.getByLabel("我的楼栋").selectOption({ index: 1 });
  await expect(page).toHaveURL(new RegExp(`/map/${COMMUNITY}\\?b=\\d+$`));
  await expect(page.getByTestId("start-line")).not.toContainText("北苑南路路灯");
  // A new start is a step in the history: Back returns to the plate's circle, in place.
  await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/map/${COMMUNITY}\\?c=${PLATE}$`));
  await expect(page.getByTestId("start-line")).toContainText("北苑南路路灯");
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  expect(errors).toEqual([]);
});

test("an older plate link to /map?c= goes on to the plate's community, keeping its settings", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`/map?c=${PLATE}&pace=elderly`);
  await expect(page).toHaveURL(new RegExp(`/map/${COMMUNITY}\\?c=${PLATE}&pace=elderly$`));
  await expect(page.getByTestId("start-line")).toContainText("北苑南路路灯");
  expect(errors).toEqual([]);
});

test("the community list is its own light page and fetches the map bundle ahead", async ({ page }) => {
  const wasm: string[] = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(new URL(r.url()).pathname));
  await page.goto("/map");
  await expect(page.getByTestId("street-list")).toBeVisible();
  // Its own bundle first; the map bundle's wasm only as the prefetch once the list is drawn.
  expect(wasm[0]).toMatch(/^\/circles\/linli-circles-[0-9a-f]+_bg\.wasm$/);
  await expect(page.locator('link[rel=prefetch][href*="/map/linli-map-"]').first()).toBeAttached();
  await expect.poll(() => wasm.some((path) => path.startsWith("/map/linli-map-"))).toBe(true);
  await chooseCommunity(page, "/map", COMMUNITY);
  await expect(page).toHaveURL(new RegExp(`/map/${COMMUNITY}$`));
  await expect(page.getByLabel("我的楼栋")).toBeVisible();
});

test("my position starts the walk where the phone is, after the browser asks", async ({ page, context }) => {
  const building = await (await page.request.get(`/api/v1/buildings/by-community/${COMMUNITY}.json`)).json();
  const { lat, lon } = building.buildings[0].location;
  await context.grantPermissions(["geolocation"]);
  await context.setGeolocation({ latitude: lat, longitude: lon });
  await page.goto(`/map/${COMMUNITY}`);
  await page.getByTestId("start-position").click();
  await expect(page).toHaveURL(/\?at=\d+\.\d{4},\d+\.\d{4}$/);
  await expect(page.getByTestId("start-line")).toContainText("您的位置");
  await expect(page.getByTestId("reach-item").first()).toBeVisible();
});

test("the static export opens the circle of a plate and of a building", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`${STATIC}/map?c=${PLATE}`);
  await expect(page.getByTestId("circle-summary")).toContainText("15分钟内可到达");
  await page.goto(`${STATIC}/map/${COMMUNITY}`);
  await page.getByLabel("我的楼栋").selectOption({ index: 1 });
  await expect(page.getByTestId("reach-item").first()).toBeVisible();
  expect(await numbersOnMap(page)).toEqual(await numbersInList(page));
  expect(errors).toEqual([]);
});

test("on the static export, my position finds its community from the square's file, and a street lists its own", async ({ page, context }) => {
  const errors = watchConsole(page);
  const building = await (await page.request.get(`/api/v1/buildings/by-community/${COMMUNITY}.json`)).json();
  const { lat, lon } = building.buildings[0].location;
  const squares: string[] = [];
  page.on("request", (r) => r.url().includes("/communities/near/") && squares.push(new URL(r.url()).pathname));
  await context.grantPermissions(["geolocation"]);
  await context.setGeolocation({ latitude: lat + 0.0002, longitude: lon + 0.0002 });
  await page.goto(`${STATIC}/map`);
  await page.getByTestId("start-position-anywhere").click();
  // A static host may add the folder's slash.
  await expect(page).toHaveURL(new RegExp(`/map/${COMMUNITY}/?\\?at=`));
  // One square asked for: the host learns the square, not the position.
  expect(squares).toHaveLength(1);
  expect(squares[0]).toMatch(/^\/api\/v1\/communities\/near\/\d+_\d+\.json$/);
  await page.goto(`${STATIC}/map`);
  await chooseCommunity(page, "/map", COMMUNITY);
  await expect(page.getByLabel("我的楼栋")).toBeVisible();
  expect(errors).toEqual([]);
});
