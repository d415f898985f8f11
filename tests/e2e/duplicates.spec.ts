// A report that repeats another: the committee merges it into the original by number, and the
// reporter of the duplicate, on their private tracking page, follows the link to the original.
import { test, expect } from "@playwright/test";
import { ADMIN_PASSWORD } from "./playwright.config";

const SHOTS = "../../target/e2e";
const PLATE = "1101120110000001";

test.use({ viewport: { width: 375, height: 667 }, locale: "zh-CN" });

test("a duplicate is merged into its original and its reporter lands there", async ({ page, browser }) => {
  await page.goto("/");
  const meta = await (await page.request.get("/api/v1/meta.json")).json();
  const file = async (description: string) => {
    const filed = await page.request.post("/open311/v2/requests.json", {
      form: {
        api_key: meta.client_api_key,
        service_code: "streetlight_out",
        "attribute[component_code]": PLATE,
        description,
      },
    });
    expect(filed.status()).toBe(201);
    const [{ service_request_id: id, tracking_secret: secret }] = await filed.json();
    return { id: String(id), secret: String(secret) };
  };
  const original = await file("路口的路灯坏了，晚上一片黑。");
  const duplicate = await file("这盏路灯不亮。");

  const desk = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  await desk.goto("/admin");
  await desk.getByLabel("用户名").fill("admin");
  await desk.getByLabel("密码").fill(ADMIN_PASSWORD);
  await desk.getByRole("button", { name: "登录" }).click();
  await expect(desk.getByTestId("dashboard")).toBeVisible();
  await desk.goto(`/admin/reports/${duplicate.id}`);
  const merge = desk.getByRole("button", { name: "改为：已合并" });
  // Without the original's number the merge cannot be sent.
  await expect(merge).toBeDisabled();
  // A number that is this report itself: the server's sentence is shown and nothing changes.
  await desk.getByLabel("原报告编号（标为已合并时必填）").fill(duplicate.id);
  await merge.click();
  await expect(desk.getByRole("alert").filter({ hasText: "报告不能合并到它自己" })).toBeVisible();
  await expect(desk.getByTestId("committee-status")).toHaveText("已受理");
  await desk.getByLabel("原报告编号（标为已合并时必填）").fill(`#${original.id}`);
  await merge.click();
  await expect(desk.getByTestId("committee-status")).toHaveText("已合并");
  await expect(desk.getByTestId("merged-into")).toContainText(original.id);
  await desk.screenshot({ path: `${SHOTS}/admin-merged-1280.png`, fullPage: true });
  // The original's page names the duplicate merged into it.
  await desk.goto(`/admin/reports/${original.id}`);
  await expect(desk.getByTestId("merged-duplicates")).toContainText(duplicate.id);
  await desk.close();

  // The duplicate's reporter, on their own tracking page, is sent to the original.
  await page.goto(`/r/${duplicate.id}#${duplicate.secret}`);
  await expect(page.getByTestId("tracking-status")).toHaveText("已合并");
  const notice = page.getByTestId("merged-into");
  await expect(notice).toContainText(`第 ${original.id} 号报告`);
  await page.screenshot({ path: `${SHOTS}/report-merged-375.png`, fullPage: true });
  await notice.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/r/${original.id}$`));
  await expect(page.getByText("路口的路灯坏了，晚上一片黑。")).toBeVisible();
  await expect(page.getByTestId("tracking-status")).toHaveText("已受理");
});
