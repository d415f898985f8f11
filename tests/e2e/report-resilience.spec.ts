// Nothing lost, nothing doubled, nothing half-stored: a report sent without network waits in the
// outbox and is sent once; "me too" adds a supporter instead of a second report; bad input is
// explained and stores nothing; a free report uses the phone's position.
import { test, expect, type APIRequestContext, type Page, type Route } from "@playwright/test";

const PLATE = "1101120110000001";
const SHOTS = "../../target/e2e";

async function reportsWith(request: APIRequestContext, description: string) {
  const answer = await request.get(`/open311/v2/requests.json?component_code=${PLATE}&page_size=200`);
  expect(answer.ok()).toBeTruthy();
  const all: { description: string; service_request_id: string; supporters: number }[] = await answer.json();
  return all.filter((r) => r.description === description);
}

test("a report sent offline waits on its page and is sent once the network returns", async ({ page, context, request }) => {
  const description = `离线提交测试 ${Date.now()}：井边路灯闪烁。`;
  await page.goto(`/c/${PLATE}/report`);
  await page.getByLabel("路灯不亮").check();
  await page.getByLabel("问题描述").fill(description);

  await context.setOffline(true);
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByTestId("report-queued")).toContainText("联网后会自动发送");
  await page.screenshot({ path: `${SHOTS}/report-queued-375.png`, fullPage: true });
  // What waits is listed on the same page: offline, no other page would load.
  await expect(page.getByRole("heading", { name: "等待发送" })).toBeVisible();
  await expect(page.getByTestId("outbox")).toContainText("路灯不亮");
  expect(await reportsWith(request, description)).toHaveLength(0);

  // Back online, the page sends it by itself and says where to follow it.
  await context.setOffline(false);
  await expect(page.getByTestId("report-queued")).toContainText("已经发送");
  await expect(page.getByTestId("outbox")).toHaveCount(0);
  expect(await reportsWith(request, description)).toHaveLength(1);
  await page.getByRole("link", { name: "查看处理进度" }).click();
  await expect(page).toHaveURL(/\/r\/\d+#/);
  await expect(page.getByTestId("tracking-status")).toBeVisible();
  await page.goto("/me");
  await expect(page.getByTestId("my-reports")).toContainText("路灯不亮");
  expect(await reportsWith(request, description)).toHaveLength(1);
});

test("a queued report survives a reload and is sent exactly once", async ({ page, request }) => {
  const description = `重载后发送测试 ${Date.now()}：井盖松动。`;
  // The server cannot be reached for reports, while pages still load (a flaky uplink).
  const unreachable = (route: Route) =>
    route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue();
  await page.route("**/open311/v2/requests.json*", unreachable);
  await page.goto(`/c/${PLATE}/report`);
  await page.getByLabel("路灯不亮").check();
  await page.getByLabel("问题描述").fill(description);
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByTestId("report-queued")).toContainText("联网后会自动发送");

  // Reloaded, still unreachable: the report is still waiting, and nothing reached the server.
  await page.goto("/me");
  await expect(page.getByTestId("outbox")).toContainText("路灯不亮");
  expect(await reportsWith(request, description)).toHaveLength(0);

  await page.unroute("**/open311/v2/requests.json*", unreachable);
  await page.reload();
  await expect(page.getByTestId("outbox")).toHaveCount(0);
  await expect(page.getByTestId("my-reports")).toContainText("路灯不亮");
  expect(await reportsWith(request, description)).toHaveLength(1);

  // Reloading again (and the `online` event already fired) sends nothing more.
  await page.reload();
  await expect(page.getByTestId("my-reports")).toBeVisible();
  expect(await reportsWith(request, description)).toHaveLength(1);
});

/** The report drafts this browser holds (IndexedDB `linli`, store `drafts`), as JSON; empty
 *  until the page has made the database, which is never made here (that would skip its upgrade). */
async function savedDrafts(page: Page): Promise<string> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === "linli")) return "";
    return new Promise<string>((resolve) => {
      const open = indexedDB.open("linli");
      open.onerror = () => resolve("");
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains("drafts")) {
          db.close();
          resolve("");
          return;
        }
        const all = db.transaction("drafts").objectStore("drafts").getAll();
        all.onsuccess = () => {
          resolve(JSON.stringify(all.result));
          db.close();
        };
        all.onerror = () => {
          resolve("");
          db.close();
        };
      };
    });
  });
}

test("a draft survives closing the page", async ({ page }) => {
  await page.goto(`/c/${PLATE}/report`);
  await page.getByLabel("路灯不亮").check();
  await page.getByLabel("问题描述").fill("草稿：灯杆上有小广告。");
  // The draft is saved half a second after the last keystroke: wait until it is stored.
  await expect.poll(() => savedDrafts(page)).toContain("草稿：灯杆上有小广告。");
  await page.goto("/");
  await page.goto(`/c/${PLATE}/report`);
  await expect(page.getByTestId("draft-restored")).toBeVisible();
  await expect(page.getByLabel("问题描述")).toHaveValue("草稿：灯杆上有小广告。");
  await expect(page.getByLabel("路灯不亮")).toBeChecked();
  await page.getByRole("button", { name: "清空重填" }).click();
  await expect(page.getByLabel("问题描述")).toHaveValue("");
});

test("me too adds a supporter to the open report instead of a second one", async ({ browser, request }) => {
  const description = `我也遇到测试 ${Date.now()}：路灯整晚不亮。`;
  const first = await browser.newPage();
  await first.goto(`/c/${PLATE}/report`);
  await first.getByLabel("路灯不亮").check();
  await first.getByLabel("问题描述").fill(description);
  await first.getByRole("button", { name: "提交" }).click();
  await expect(first).toHaveURL(/\/r\/\d+#/);
  const id = first.url().match(/\/r\/(\d+)#/)![1];
  await first.close();

  // Another resident, another phone.
  const neighbour = await browser.newPage();
  await neighbour.goto(`/c/${PLATE}/report`);
  await neighbour.getByLabel("路灯不亮").check();
  const duplicate = neighbour.getByTestId("duplicate");
  await expect(duplicate).toContainText("已有人报告了这个问题");
  await neighbour.screenshot({ path: `${SHOTS}/report-me-too-375.png`, fullPage: true });
  const before = (await reportsWith(request, description))[0].supporters;
  await duplicate.getByTestId("me-too").click();
  await expect(neighbour).toHaveURL(new RegExp(`/r/${id}$`));
  await expect(neighbour.getByTestId("supporters")).toContainText(`${before + 1} 人遇到`);
  const after = await reportsWith(request, description);
  expect(after).toHaveLength(1);
  expect(after[0].supporters).toBe(before + 1);
  await neighbour.goto("/me");
  await expect(neighbour.getByTestId("my-reports")).toContainText("路灯不亮");
  await neighbour.close();
});

test("bad input is explained and stores nothing", async ({ page, request }) => {
  const countBefore = (await (await request.get(`/open311/v2/requests.json?page_size=200`)).json()).length;
  await page.goto(`/c/${PLATE}/report`);
  await page.getByLabel("路灯不亮").check();

  // A 20 MB "photo" is refused before it is decoded.
  await page.getByTestId("photo-input").setInputFiles({
    name: "huge.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.alloc(20 * 1024 * 1024, 0xff),
  });
  await expect(page.getByTestId("photo-error")).toHaveText("照片太大（超过 15 MB），请换一张。");
  // A file that is not a picture.
  await page.getByTestId("photo-input").setInputFiles({
    name: "notes.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.from("this is not a picture"),
  });
  await expect(page.getByTestId("photo-error")).toHaveText("这不是图片，请选择一张照片。");
  await expect(page.getByTestId("photo-thumbnails").locator("img")).toHaveCount(0);
  // An empty description.
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByTestId("report-error")).toHaveText("请简单描述问题。");
  await page.screenshot({ path: `${SHOTS}/report-bad-input-375.png`, fullPage: true });

  // An unknown service_code, straight at the API: Open311's error array.
  const meta = await (await request.get("/api/v1/meta.json")).json();
  const refused = await request.post("/open311/v2/requests.json", {
    form: {
      api_key: meta.client_api_key,
      service_code: "no_such_problem",
      "attribute[component_code]": PLATE,
      description: "x",
    },
  });
  expect(refused.status()).toBe(400);
  const errors = await refused.json();
  expect(errors[0].code).toBe(400);
  expect(errors[0].description).toContain("service_code no_such_problem not found");

  // A malformed code on a plate URL explains the format.
  await page.goto("/c/12345");
  await expect(page.getByRole("alert")).toContainText("16");

  const countAfter = (await (await request.get(`/open311/v2/requests.json?page_size=200`)).json()).length;
  expect(countAfter).toBe(countBefore);
});

test("a report without a plate uses the phone's position", async ({ browser, request }) => {
  const context = await browser.newContext({
    geolocation: { latitude: 39.90872, longitude: 116.65701 },
    permissions: ["geolocation"],
    locale: "zh-CN",
    viewport: { width: 375, height: 667 },
  });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByTestId("free-report").click();
  await expect(page).toHaveURL(/\/report$/);
  await page.getByLabel("其他问题").check();
  const description = `按位置报告 ${Date.now()}：人行道砖松动。`;
  await page.getByLabel("问题描述").fill(description);
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page.getByTestId("report-error")).toHaveText("请先获取位置。");
  await page.getByTestId("locate").click();
  await expect(page.getByTestId("location-status")).toHaveText("已获取你的位置。");
  await page.getByRole("button", { name: "提交" }).click();
  await expect(page).toHaveURL(/\/r\/\d+#/);
  const id = page.url().match(/\/r\/(\d+)#/)![1];
  const stored = await (await request.get(`/open311/v2/requests/${id}.json`)).json();
  // Published to about 20 m (a grid of 1/5,000°), so the report does not point at the doorway
  // it was filed from (issue #27); the committee's view keeps the exact position.
  expect(stored[0].lat).toBeCloseTo(Math.round(39.90872 * 5000) / 5000, 9);
  expect(stored[0].long).toBeCloseTo(Math.round(116.65701 * 5000) / 5000, 9);
  expect(stored[0].description).toBe(description);
  await context.close();
});
