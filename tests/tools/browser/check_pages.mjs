// Loads API documentation pages in Debian's headless Chromium (driven by playwright-core; no browser is
// ever downloaded) and reports, as one JSON object on stdout, what each page shows:
//   - for every operation asked about: whether it is rendered and visible, and its rendered text;
//   - every request the page made (so the caller can tell whether anything left the machine);
//   - page errors and console errors;
//   - a screenshot (PNG) of the page.
// Used by tests/tools/test_docs_browser.py, which decides what passes. Usage:
//   node tests/tools/browser/check_pages.mjs '<json: {"chromium": path, "pages": [...]}>'
import { chromium } from "playwright-core";

const LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];
const TIMEOUT_MS = 30_000;

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function isExternal(url) {
    const { protocol, hostname } = new URL(url);
    if (protocol === "data:" || protocol === "blob:" || protocol === "file:" || protocol === "about:") return false;
    return !LOCAL_HOSTS.has(hostname);
}

async function checkSwaggerUi(page, spec) {
    await page.goto(spec.url, { waitUntil: "load", timeout: TIMEOUT_MS });
    await page.waitForSelector(".opblock", { timeout: TIMEOUT_MS });
    const operations = {};
    for (const op of spec.operations) {
        // Swagger UI gives every operation block the id operations-<tag>-<operationId>.
        const block = page.locator(`[id="operations-${op.tag}-${op.operationId}"]`);
        const found = (await block.count()) === 1 && (await block.isVisible());
        const text = found ? (await block.locator(".opblock-summary").innerText()).replace(/\s+/g, " ").trim() : "";
        operations[op.operationId] = { found, text };
    }
    let expanded = null;
    if (spec.expand) {
        const op = spec.operations.find((o) => o.operationId === spec.expand);
        const block = page.locator(`[id="operations-${op.tag}-${op.operationId}"]`);
        await block.locator(".opblock-summary").first().click();
        const body = block.locator(".opblock-body");
        await body.waitFor({ state: "visible", timeout: TIMEOUT_MS });
        // The request body panel renders its example asynchronously.
        await block.locator(".opblock-section-request-body, .body-param").first().waitFor({ timeout: TIMEOUT_MS });
        expanded = { operationId: op.operationId, text: (await body.innerText()).slice(0, 20_000) };
    }
    // The operation list from its first tag on, with the expanded operation below it.
    await page.locator(".opblock-tag-section").first().evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: spec.screenshot, fullPage: false });
    return { operations, expanded };
}

async function checkRedoc(page, spec) {
    await page.goto(spec.url, { waitUntil: "load", timeout: TIMEOUT_MS });
    await page.waitForSelector('[data-component-name="Menu/Menu"]', { timeout: TIMEOUT_MS });
    const operations = {};
    for (const op of spec.operations) {
        // Redoc routes each operation to #/<tag>/<operationId in lower case>; its section carries that id.
        const route = `/${op.tag}/${op.operationId.toLowerCase()}`;
        await page.evaluate((hash) => {
            window.location.hash = hash;
        }, route);
        const section = page.locator(`[data-section-id="${route}"]`).first();
        let found = false;
        let text = "";
        try {
            await section.waitFor({ state: "visible", timeout: TIMEOUT_MS });
            found = true;
            text = (await section.innerText()).replace(/\s+/g, " ").trim().slice(0, 2_000);
        } catch (error) {
            text = `not rendered: ${error.message.split("\n")[0]}`;
        }
        operations[op.operationId] = { found, text };
    }
    let expanded = null;
    if (spec.expand) {
        // Show that operation for the screenshot.
        const op = spec.operations.find((o) => o.operationId === spec.expand);
        const route = `/${op.tag}/${op.operationId.toLowerCase()}`;
        await page.evaluate((hash) => {
            window.location.hash = hash;
        }, route);
        const section = page.locator(`[data-section-id="${route}"]`).first();
        await section.waitFor({ state: "visible", timeout: TIMEOUT_MS });
        await section.scrollIntoViewIfNeeded();
        expanded = { operationId: op.operationId, text: (await section.innerText()).slice(0, 20_000) };
    }
    await page.screenshot({ path: spec.screenshot, fullPage: false });
    return { operations, expanded };
}

async function main() {
    const input = JSON.parse(process.argv[2]);
    const browser = await chromium.launch({ executablePath: input.chromium, args: LAUNCH_ARGS });
    const result = { browser: browser.version(), pages: [] };
    try {
        for (const spec of input.pages) {
            const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
            const page = await context.newPage();
            const requests = [];
            const errors = [];
            page.on("request", (request) => requests.push(request.url()));
            page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
            page.on("console", (message) => {
                if (message.type() === "error") errors.push(`console: ${message.text()} @ ${message.location().url}`);
            });
            const check = spec.kind === "swagger-ui" ? checkSwaggerUi : checkRedoc;
            const found = await check(page, spec);
            result.pages.push({
                name: spec.name,
                url: spec.url,
                title: await page.title(),
                ...found,
                requests: requests.filter((url) => !url.startsWith("data:")),
                external_requests: requests.filter(isExternal),
                errors,
                screenshot: spec.screenshot,
            });
            await context.close();
        }
    } finally {
        await browser.close();
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
});
