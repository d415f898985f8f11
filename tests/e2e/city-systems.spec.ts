// The district's 12345 system works a report through its own key: its step shows as the city's on
// the committee's page and on the reporter's tracking page.
import { test, expect } from "@playwright/test";
import { ADMIN_PASSWORD } from "./playwright.config";

const PLATE = "1101120110000001";

test("an update from 12345 shows as the city's step to the committee and the reporter", async ({ page, browser }) => {
  await page.goto("/");
  const meta = await (await page.request.get("/api/v1/meta.json")).json();
  const filed = await page.request.post("/open311/v2/requests.json", {
    form: { api_key: meta.client_api_key, service_code: "streetlight_out", "attribute[component_code]": PLATE, description: "路灯一直不亮。" },
  });
  expect(filed.status()).toBe(201);
  const [{ service_request_id: id, tracking_secret: secret }] = await filed.json();

  const desk = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  await desk.goto("/admin");
  await desk.getByLabel("用户名").fill("admin");
  await desk.getByLabel("密码").fill(ADMIN_PASSWORD);
  await desk.getByRole("button", { name: "登录" }).click();
  await expect(desk.getByTestId("dashboard")).toBeVisible();
  // The district's account makes the 12345 system a key of its own scope.
  const made = await desk.request.post("/api/v1/admin/api-keys", { data: { label: "12345", scope: "case_intake" } });
  expect(made.status()).toBe(200);
  const { key } = await made.json();

  const update = { api_key: key, service_request_id: String(id), status: "in_progress", description: "已派单至区城管委", updated_datetime: "2026-12-08T09:00:00+08:00", update_id: `e2e-${id}` };
  const answered = await page.request.post("/open311/v2/servicerequestupdates.json", { form: update });
  expect(answered.status(), await answered.text()).toBe(200);
  // A resident client's key cannot speak for the city.
  const refused = await page.request.post("/open311/v2/servicerequestupdates.json", { form: { ...update, api_key: meta.client_api_key, update_id: `e2e-${id}-b` } });
  expect(refused.status()).toBe(403);

  await desk.goto(`/admin/reports/${id}`);
  await expect(desk.getByTestId("committee-status")).toHaveText("处置中");
  await expect(desk.getByTestId("by-system")).toHaveText("来自 12345");
  await desk.close();

  await page.goto(`/r/${id}#${secret}`);
  const timeline = page.getByTestId("timeline");
  await expect(timeline).toContainText("已派单至区城管委");
  await expect(timeline.getByTestId("by-system")).toHaveText("由 12345 办理");
});
