// The committee's desk tools: printable QR plates, the 15-minute-circle gap matrix, and a gap
// proposed as a micro-project in the project library (then edited there).
import { test, expect, type Page } from "@playwright/test";
import { ADMIN_PASSWORD } from "./playwright.config";

const SHOTS = "../../target/e2e";

async function signIn(page: Page) {
  await page.goto("/admin");
  await page.getByLabel("用户名").fill("admin");
  await page.getByLabel("密码").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page.getByTestId("dashboard")).toBeVisible();
}

test.use({ viewport: { width: 1280, height: 900 } });

test("plates: choose a community's components and get A4 sheets of six", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "二维码铭牌" }).click();
  await page.getByLabel("社区").selectOption("beiyuan-jiayuan");
  await page.getByRole("button", { name: "全选当前列表" }).click();
  const chosen = await page.getByTestId("plate-list").locator("tbody tr").count();
  expect(chosen).toBeGreaterThan(6);
  await expect(page.getByTestId("print-plates")).toHaveText(`打印 ${chosen} 个铭牌`);
  const sheets = page.getByTestId("plate-sheets").locator("img");
  await expect(sheets).toHaveCount(Math.ceil(chosen / 6));
  // Each sheet is an SVG the server drew, loaded with the session: it must actually render.
  const rendered = await sheets.first().evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    return img.naturalWidth > 0;
  });
  expect(rendered).toBe(true);
  await sheets.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/admin-plates-1280.png`, fullPage: true });
  const download = page.waitForEvent("download");
  await page.getByTestId("plate-list").getByRole("link", { name: "SVG 文件" }).first().click();
  expect((await download).suggestedFilename()).toMatch(/^linli-plate-\d{16}\.svg$/);
});

test("gaps: the matrix names each building's missing basic services", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "一刻钟便民圈缺项" }).click();
  await page.getByTestId("gaps-community").selectOption("beiyuan-jiayuan");
  const matrix = page.getByTestId("gaps");
  await expect(matrix).toBeVisible();
  const rows = matrix.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  // The sample community has no laundry: every building's laundry cell says so.
  const laundryColumn = await matrix.locator("thead th").evaluateAll((ths) => ths.findIndex((th) => th.textContent!.includes("洗染")));
  expect(laundryColumn).toBeGreaterThan(0);
  for (const row of await rows.all()) {
    const cell = row.locator("th, td").nth(laundryColumn);
    await expect(cell).toContainText("缺少");
    await expect(cell.getByRole("link", { name: /提议一个洗染店项目/ })).toBeVisible();
  }
  await page.screenshot({ path: `${SHOTS}/admin-gaps-1280.png`, fullPage: true });
  await expect(page.getByRole("link", { name: "下载 CSV" })).toHaveAttribute("href", "/api/v1/admin/gaps/beiyuan-jiayuan.csv");
});

test("gaps: a missing service becomes a proposed micro-project, which the library can then edit", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "一刻钟便民圈缺项" }).click();
  await page.getByTestId("gaps-community").selectOption("beiyuan-jiayuan");
  const firstRow = page.getByTestId("gaps").locator("tbody tr").first();
  const building = (await firstRow.locator("th").textContent())!.trim();
  await firstRow.getByRole("link", { name: `为${building}提议一个洗染店项目` }).click();

  // The new-ballot page opens with the library form filled in from the gap.
  await expect(page).toHaveURL(/\/admin\/ballots\/new\?community=beiyuan-jiayuan&title=/);
  const title = `增设洗染店（${building}周边）`;
  await expect(page.locator("#lib-title")).toHaveValue(title);
  await expect(page.locator("#lib-location")).toHaveValue(building);
  await page.locator("#lib-summary").fill("在小区门口设洗衣收送点");
  await page.locator("#lib-cost").fill("20000");
  await page.getByRole("button", { name: "添加到项目库" }).click();
  const library = page.getByTestId("library");
  const added = library.locator(".library-row", { hasText: title });
  await expect(added).toBeVisible();
  await expect(added.getByRole("checkbox")).toBeChecked();
  await expect(page.locator("#lib-title")).toHaveValue("");

  // Editing: the form fills with the project, and saving changes it in place.
  await added.getByRole("button", { name: `修改 ${title}` }).click();
  await expect(page.locator("#lib-title")).toHaveValue(title);
  await expect(page.locator("#lib-cost")).toHaveValue("20000");
  const renamed = `洗衣收送点（${building}）`;
  await page.locator("#lib-title").fill(renamed);
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(library.locator(".library-row", { hasText: renamed })).toBeVisible();
  await expect(library.locator(".library-row", { hasText: title })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/admin-library-edit-1280.png`, fullPage: true });

  // Stored on the server, not only on the page.
  await page.goto("/admin/ballots/new?community=beiyuan-jiayuan");
  await expect(page.getByTestId("library").locator(".library-row", { hasText: renamed })).toBeVisible();
});

test("ballots: a draft opens in the editor filled in, and saving changes it until it is opened", async ({ page }) => {
  await signIn(page);
  await page.goto("/admin/ballots/new?community=beiyuan-jiayuan");
  const stamp = Date.now().toString(36);
  const library = page.getByTestId("library");
  // Two projects of this test's own, added through the library form.
  for (const [name, cost] of [[`口袋公园${stamp}`, "80000"], [`音乐室${stamp}`, "60000"]]) {
    if (!(await page.locator("#lib-title").isVisible())) {
      await page.getByText("新增项目…").click();
    }
    await page.locator("#lib-title").fill(name);
    await page.locator("#lib-summary").fill("试点");
    await page.locator("#lib-cost").fill(cost);
    await page.getByRole("button", { name: "添加到项目库" }).click();
    await expect(library.locator(".library-row", { hasText: name }).getByRole("checkbox")).toBeChecked();
  }
  // Other projects the library already held stay out of this ballot.
  for (const row of await library.locator(".library-row").all()) {
    const text = (await row.textContent()) ?? "";
    if (!text.includes(stamp)) await row.getByRole("checkbox").uncheck();
  }
  const id = `draft-${stamp}`;
  await page.locator("#ballot-id").fill(id);
  await page.locator("#ballot-title").fill("春季微更新（初稿）");
  await page.locator("#ballot-explanation").fill("请选择您支持的项目。");
  await page.getByRole("button", { name: "保存为草稿" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/ballots/${id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("春季微更新（初稿）");

  // The desk offers the editor while the ballot is a draft; it opens with what was saved.
  await page.getByRole("link", { name: "编辑草稿" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/ballots/${id}/edit$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("编辑投票草稿");
  await expect(page.locator("#ballot-title")).toHaveValue("春季微更新（初稿）");
  await expect(page.locator("#ballot-explanation")).toHaveValue("请选择您支持的项目。");
  await expect(page.locator("#ballot-id")).toHaveValue(id);
  await expect(page.locator("#ballot-id")).toHaveAttribute("readonly", "");
  await expect(page.locator("#community")).toBeDisabled();
  await expect(library.locator(".library-row", { hasText: `口袋公园${stamp}` }).getByRole("checkbox")).toBeChecked();
  await expect(library.locator(".library-row", { hasText: `音乐室${stamp}` }).getByRole("checkbox")).toBeChecked();
  await page.screenshot({ path: `${SHOTS}/admin-draft-edit-1280.png`, fullPage: true });

  // Change the title and drop a project; the desk shows the saved draft.
  await page.locator("#ballot-title").fill("春季微更新");
  await library.locator(".library-row", { hasText: `音乐室${stamp}` }).getByRole("checkbox").uncheck();
  await page.locator("#ballot-max").fill("1");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/ballots/${id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("春季微更新");

  // Stored on the server: a fresh load of the editor has the change.
  await page.goto(`/admin/ballots/${id}/edit`);
  await expect(page.locator("#ballot-title")).toHaveValue("春季微更新");
  await expect(library.locator(".library-row", { hasText: `音乐室${stamp}` }).getByRole("checkbox")).not.toBeChecked();

  // Once opened, the desk no longer offers the editor, and the server refuses an edit.
  await page.goto(`/admin/ballots/${id}`);
  await page.getByRole("button", { name: "公开投票" }).click();
  await expect(page.getByTestId("desk-status")).not.toHaveText("草稿");
  await expect(page.getByRole("link", { name: "编辑草稿" })).toHaveCount(0);
  await page.goto(`/admin/ballots/${id}/edit`);
  await page.locator("#ballot-title").fill("开放后再改");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "投票已经公开，不能再修改" })).toBeVisible();
});
