/**
 * Stored script payloads in every free-text field that the staff console or the portal shows: nothing runs,
 * no dialog opens, and each page shows the payloads as text (so the test cannot pass by showing nothing).
 *
 * The pages are loaded without their Content-Security-Policy header, so what is measured here is the
 * rendering itself: a field rendered as HTML runs its payload and is caught. The CSP is the second layer
 * and is checked on its own below.
 */
import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ADMIN } from "../harness.js";
import { choose, field, linkIn, type Portico, startPortico } from "./browser.js";

let p: Portico;
afterEach(() => p?.expectNoBrowserErrors());
afterAll(() => p?.close());

// ---------- payloads ----------
// Each calls __x (defined by the test in every page, see openPage) or alert, with the field's label.
const kinds = {
  img: (l: string) => `<img src=x onerror=__x('${l}')>`,
  script: (l: string) => `<script>__x('${l}')</script>`,
  svg: (l: string) => `"><svg onload=__x('${l}')>`,
  js: (l: string) => `javascript:alert('${l}')`,
  tpl: (l: string) => `{{constructor.constructor("alert('${l}')")()}}`,
};
type Kind = keyof typeof kinds;
const all = Object.keys(kinds) as Kind[];
/** A plain word (which a page is waited for by: it shows even when the rest is wrongly parsed as HTML), then payloads. */
const value = (word: string, label: string, ...k: Kind[]) => [word, ...k.map((x) => kinds[x](`${label}.${x}`))].join(" ");
const wordOf = (v: string) => v.split(" ")[0];

const V = {
  account: value("Northwind", "account", "img", "script", "svg", "tpl"),
  account2: value("Contoso", "account2", "svg", "js", "img"),
  accountNumber: value("NW1", "number", "img"),
  first: value("Jamie", "first", "img", "svg"),
  last: value("Rivera", "last", "script", "tpl"),
  phone: value("5550100", "phone", "img"),
  jobTitle: value("Buyer", "jobTitle", "svg", "js"),
  job: value("Managed", "job", "img", "svg", "tpl"),
  jobNumber: value("FAB1", "jobNo", "img"),
  title: value("Printer", "title", "img", "script", "svg", "tpl"),
  details: value("Details", "details", ...all),
  publicNote: value("Replacing", "publicNote", ...all),
  internalNote: value("Vendor", "internalNote", ...all),
  customerNote: value("Thanks", "customerNote", ...all),
  timeNote: value("Swapped", "timeNote", ...all),
  portalName: value("Harbour", "portalName", "img", "svg"),
  introText: value("Outages", "intro", ...all),
  role: value("Partner", "role", "img", "svg"),
  staffName: value("Samira", "staff", "img", "svg"),
  staffRole: value("Helpdesk", "staffRole", "script", "img"),
  signupFirst: value("Sidney", "signupFirst", "img"),
  signupLast: value("Sloan", "signupLast", "svg"),
  company: value("Globex", "company", "img", "svg", "tpl", "script"),
  status: value("Waiting", "status", "img", "svg"),
  priority: value("Urgent", "priority", "img", "script"),
  ticketType: value("Incident", "type", "svg", "tpl"),
  issueType: value("Network", "issue", "img", "js"),
  subIssueType: value("Wireless", "subIssue", "svg", "img"),
  site: value("Headoffice", "site", "img", "svg"),
  hardware: value("Accesspoint", "hardware", "script", "img"),
  software: value("Firmware", "software", "svg", "img"),
};
// "/" ends a file name, so the <script> payload cannot be one; the server drops '"' from names.
const files = { staff: `<img src=x onerror=__x('file.img')>.txt`, customer: `<svg onload=__x('file.svg')>.log` };
const fileBody = `<script>__x('file.body')</script><img src=x onerror=__x('file.body.img')>\n`;
// A link can be formed from the portal URL (settings page, emails): only http(s) may be stored.
const portalUrl = `https://portal.example/"><svg onload=__x('portalUrl')>`;

const PASSWORD = "a-long-portal-passphrase";
const SAM = { email: "samira@provider.test", password: "samira-staff-passphrase" };
const JAMIE = "jamie@northwind.test";

// ---------- API set-up ----------
type Api = (method: string, url: string, body?: unknown) => Promise<any>;
const cookieOf = (r: Response) => r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

async function apiAs(prefix: "staff" | "portal", credentials: object): Promise<Api & { cookie: string }> {
  const login = await fetch(`${p.url}/api/${prefix}/auth/login`, { method: "POST", headers: { "content-type": "application/json", "x-portico-csrf": "1" }, body: JSON.stringify(credentials) });
  expect(login.status, `${prefix} sign-in`).toBe(200);
  const cookie = cookieOf(login);
  const call = async (method: string, url: string, body?: unknown) => {
    const isForm = body instanceof FormData;
    const r = await fetch(`${p.url}${url}`, {
      method,
      headers: { cookie, "x-portico-csrf": "1", ...(body && !isForm ? { "content-type": "application/json" } : {}) },
      body: isForm ? body : body ? JSON.stringify(body) : undefined,
    });
    const data = await r.json();
    if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(data)}`);
    return data;
  };
  return Object.assign(call, { cookie });
}

const upload = (name: string) => {
  const form = new FormData();
  form.append("file", new Blob([fileBody], { type: "text/plain" }), name);
  return form;
};

let ids: { signup: string; ticketNumber: number; staffFile: string; customerFile: string };
let staffCookie: string;
let portalCookie: string;

beforeAll(async () => {
  p = await startPortico();
  const admin = await apiAs("staff", ADMIN);
  const staffRole = await admin("POST", "/api/staff/roles", { name: V.staffRole, permissions: ["admin"] });
  await admin("POST", "/api/staff/users", { name: V.staffName, email: SAM.email, roleId: staffRole.id, password: SAM.password });
  // Everything else is done by the staff user with the payload name, so it shows as author, assignee and actor.
  const sam = await apiAs("staff", SAM);
  staffCookie = sam.cookie;

  const role = await sam("POST", "/api/staff/portal-roles", {
    name: V.role,
    permissions: ["tickets.view_own", "tickets.view_account", "tickets.create", "tickets.edit", "contacts.manage", "time_entries.view"],
    defaultTypeId: null,
    defaultPriorityId: null,
    quickForm: false,
    visibleFields: ["site", "ticket_type", "priority", "issue_type", "sub_issue_type", "hardware_asset", "software_asset", "attachments"],
  });
  const a = await sam("POST", "/api/staff/accounts", { name: V.account, number: V.accountNumber, portalRoleId: role.id });
  const b = await sam("POST", "/api/staff/accounts", { name: V.account2, portalRoleId: role.id });
  // The default job the account came with (JOB-1), renamed to the hostile values.
  const [created] = (await sam("GET", `/api/staff/accounts/${a.id}/jobs`)).items;
  const job = await sam("PATCH", `/api/staff/jobs/${created.id}`, { number: V.jobNumber, name: V.job, hoursVisible: true });
  const lookup = (kind: string, name: string, extra: object = {}) => sam("POST", "/api/staff/lookups", { kind, name, ...extra });
  const status = await lookup("status", V.status);
  const priority = await lookup("priority", V.priority);
  const type = await lookup("ticket_type", V.ticketType);
  const issue = await lookup("issue_type", V.issueType);
  const subIssue = await lookup("sub_issue_type", V.subIssueType, { parentId: issue.id });
  const site = await lookup("site", V.site, { accountId: a.id });
  const hardware = await lookup("hardware_asset", V.hardware, { accountId: a.id });
  const software = await lookup("software_asset", V.software, { accountId: a.id });
  await sam("PATCH", "/api/staff/settings/tickets", { showTimeEntries: true, addTicketText: V.introText, addTicketTextActive: true, submissionNotifyEmails: ["helpdesk@provider.test"] });
  await sam("PATCH", "/api/staff/settings/portal", { portalName: V.portalName, signupEnabled: true, signupNotifyEmails: ["helpdesk@provider.test"] });

  const contact = await sam("POST", "/api/staff/contacts", { firstName: V.first, lastName: V.last, email: JAMIE, phone: V.phone, jobTitle: V.jobTitle, accountIds: [a.id, b.id] });
  await sam("POST", `/api/staff/contacts/${contact.id}/portal-access`, {});
  const token = new URL(linkIn((await p.waitForMail(JAMIE, /Activate/)).text)).searchParams.get("token");
  const set = await fetch(`${p.url}/api/portal/auth/set-password`, { method: "POST", headers: { "content-type": "application/json", "x-portico-csrf": "1" }, body: JSON.stringify({ token, password: PASSWORD }) });
  expect(set.status).toBe(200);

  const jamie = await apiAs("portal", { username: JAMIE, password: PASSWORD });
  portalCookie = jamie.cookie;
  await jamie("POST", "/api/portal/me/switch-account", { accountId: a.id });
  const ticket = await jamie("POST", "/api/portal/tickets", {
    title: V.title,
    details: V.details,
    jobId: job.id,
    siteId: site.id,
    typeId: type.id,
    priorityId: priority.id,
    issueTypeId: issue.id,
    subIssueTypeId: subIssue.id,
    hardwareAssetId: hardware.id,
    softwareAssetId: software.id,
  });
  const customerFile = await jamie("POST", `/api/portal/tickets/${ticket.id}/attachments`, upload(files.customer));
  await jamie("POST", `/api/portal/tickets/${ticket.id}/notes`, { body: V.customerNote });

  const me = await sam("GET", "/api/staff/me");
  await sam("PATCH", `/api/staff/tickets/${ticket.id}`, { statusId: status.id, assignedStaffId: me.id });
  await sam("POST", `/api/staff/tickets/${ticket.id}/notes`, { body: V.publicNote, isPublic: true });
  await sam("POST", `/api/staff/tickets/${ticket.id}/notes`, { body: V.internalNote, isPublic: false });
  await sam("POST", `/api/staff/tickets/${ticket.id}/time-entries`, { startedAt: "2026-11-20T09:00:00Z", endedAt: "2026-11-20T10:30:00Z", note: V.timeNote, notePublic: true });
  const staffFile = await sam("POST", `/api/staff/tickets/${ticket.id}/attachments?public=true`, upload(files.staff));

  const signup = await fetch(`${p.url}/api/portal/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-portico-csrf": "1" },
    body: JSON.stringify({ firstName: V.signupFirst, lastName: V.signupLast, email: "sidney@globex.test", company: V.company }),
  });
  expect(signup.status).toBe(202);
  // The sign-up may be recorded after the answer (same timing for every address).
  const signedUp = await vi.waitFor(async () => {
    const items = (await sam("GET", "/api/staff/contacts?q=sidney&signup=pending")).items;
    expect(items).toHaveLength(1);
    return items;
  }, { timeout: 10_000, interval: 100 });
  // Last: it changes the links of emails sent from now on.
  await sam("PATCH", "/api/staff/settings/portal", { portalUrl });
  ids = { signup: signedUp[0].id, ticketNumber: ticket.number, staffFile: staffFile.id, customerFile: customerFile.id };
});

// ---------- the browser side ----------
interface Session {
  page: Page;
  /** Labels of payloads that ran (reported by __x), across navigations. */
  hits: string[];
  dialogs: string[];
}

async function openPage(): Promise<Session> {
  const page = await p.newPage();
  const hits: string[] = [];
  const dialogs: string[] = [];
  await page.exposeFunction("__xssReport", (label: string) => void hits.push(label));
  await page.addInitScript(() => {
    const w = window as unknown as { __x: (l: string) => void; __xss?: string[]; __xssReport: (l: string) => void; __imgErrors: number };
    w.__x = (label) => {
      w.__xss = [...(w.__xss ?? []), label];
      void w.__xssReport(label);
    };
    // Counts error events of images, so a check can wait until every broken image has fired its onerror.
    w.__imgErrors = 0;
    addEventListener("error", (e) => { if (e.target instanceof HTMLImageElement) w.__imgErrors++; }, true);
  });
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss().catch(() => {});
  });
  // Measure the rendering, not the CSP: documents arrive without their policy (see the top of the file).
  await page.route("**/*", async (route) => {
    if (route.request().resourceType() !== "document") return route.continue();
    const r = await route.fetch();
    const headers = { ...r.headers() };
    delete headers["content-security-policy"];
    await route.fulfill({ response: r, headers });
  });
  return { page, hits, dialogs };
}

const visible = (page: Page, text: string) => page.getByText(text).filter({ visible: true }).first();

/** Nothing ran, no dialog opened, and the page holds no element a payload could have made live. */
async function expectNothingRan(s: Session, where: string) {
  await s.page.waitForFunction(() => {
    const imgs = [...document.images];
    const broken = imgs.filter((i) => i.complete && i.naturalWidth === 0).length;
    return imgs.every((i) => i.complete) && (window as unknown as { __imgErrors: number }).__imgErrors >= broken;
  }, undefined, { timeout: 10_000 });
  const dom = await s.page.evaluate(() => {
    const els = [...document.querySelectorAll("*")];
    const live = (e: Element) => ["href", "src", "action", "formaction", "xlink:href", "data"].some((n) => /^\s*(javascript:|vbscript:|data:text\/html)/i.test(e.getAttribute(n) ?? ""));
    // The portal's boot data (shared/api.ts PortalBoot): a JSON block in the head, which the browser never runs.
    // Only the server's one block is let through; a script element a payload made, JSON or not, still counts.
    const bootData = (x: HTMLScriptElement) => {
      if (x !== document.getElementById("portico-boot") || x.parentElement !== document.head || x.type !== "application/json") return false;
      try {
        JSON.parse(x.textContent ?? "");
        return true;
      } catch {
        return false;
      }
    };
    return {
      marker: (window as unknown as { __xss?: string[] }).__xss ?? null,
      eventHandlerAttributes: els.filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith("on"))).map((e) => e.outerHTML.slice(0, 160)),
      inlineScripts: [...document.scripts].filter((x) => !x.src && !bootData(x)).map((x) => x.outerHTML.slice(0, 160)),
      scriptUrls: els.filter(live).map((e) => e.outerHTML.slice(0, 160)),
      unsandboxedFrames: [...document.querySelectorAll("iframe, frame, object, embed")]
        .filter((f) => !(f instanceof HTMLIFrameElement && f.hasAttribute("sandbox") && !/allow-scripts/.test(f.getAttribute("sandbox") ?? "")))
        .map((f) => f.outerHTML.slice(0, 160)),
    };
  });
  expect({ ran: s.hits, dialogs: s.dialogs, ...dom }, `on ${where}`).toEqual({ ran: [], dialogs: [], marker: null, eventHandlerAttributes: [], inlineScripts: [], scriptUrls: [], unsandboxedFrames: [] });
}

/**
 * One page: wait until every field's plain word shows (the data is there), check nothing ran, then check
 * each payload is shown literally as text (`texts`) or as a form field's value (`inputs`).
 */
async function expectPage(s: Session, where: string, texts: string[], inputs: [Locator, string][] = []) {
  expect(texts.length + inputs.length, `${where} checks something`).toBeGreaterThan(0);
  try {
    for (const t of texts) await visible(s.page, wordOf(t)).waitFor({ timeout: 10_000 });
    for (const [input] of inputs) await input.first().waitFor({ timeout: 10_000 });
  } catch (err) {
    // A payload parsed as HTML can hide the text after it; then say what ran rather than what is missing.
    await expectNothingRan(s, where);
    throw err;
  }
  await expectNothingRan(s, where);
  const missing: string[] = [];
  for (const t of texts) if (!(await visible(s.page, t).isVisible())) missing.push(t);
  for (const [input, v] of inputs) if ((await input.first().inputValue()) !== v) missing.push(`${v} (in a field)`);
  expect(missing, `payloads not shown as text on ${where}`).toEqual([]);
  // Anything that rendered late is caught too.
  await expectNothingRan(s, where);
}

const contactName = `${V.first} ${V.last}`;
const combobox = (page: Page, name: RegExp | string) => page.getByRole("combobox", { name, exact: true });

describe("stored script payloads", () => {
  it("CFG-1 ACC-8 TKT-3 ROL-1 in every free-text field the staff console shows, nothing runs and each shows as text", async () => {
    const s = await openPage();
    const { page } = s;
    await page.goto(`${p.url}/admin/login`);
    await field(page, "Email").fill(SAM.email);
    await field(page, "Password").fill(SAM.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.getByRole("heading", { name: "Tickets" }).waitFor();
    await expectPage(s, "the ticket queue", [V.title, V.account, V.first, V.last, V.status, V.priority, V.staffName]);

    await page.getByRole("link", { name: V.title }).click();
    await expectPage(
      s,
      "the staff ticket view",
      [V.title, V.details, V.publicNote, V.internalNote, V.customerNote, V.timeNote, V.staffName, V.first, V.last, V.account, V.job, files.staff, files.customer, V.ticketType, V.issueType, V.subIssueType, V.site, V.hardware, V.software],
      [[combobox(page, "Status"), V.status], [combobox(page, "Priority"), V.priority], [combobox(page, "Assigned to"), V.staffName]],
    );

    await page.getByRole("link", { name: "Accounts" }).click();
    await expectPage(s, "the accounts list", [V.account, V.account2, V.accountNumber, V.role]);
    await page.getByRole("link", { name: V.account, exact: true }).click();
    await page.getByRole("heading", { name: "Jobs" }).waitFor();
    await expectPage(s, "the account page", [V.account, V.jobNumber, V.job, V.first, V.last], [[field(page, "Name"), V.account], [field(page, "Account number"), V.accountNumber], [combobox(page, "Portal role"), V.role]]);

    await page.getByRole("link", { name: "Contacts" }).click();
    await expectPage(s, "the contacts list", [V.first, V.last, V.account, V.account2, V.signupFirst, V.signupLast]);
    await page.getByRole("link", { name: contactName }).click();
    await page.getByRole("heading", { name: "Portal history" }).waitFor();
    await expectPage(
      s,
      "the contact page (details, portal access, history)",
      [V.first, V.last, V.account, V.account2, V.staffName],
      [[field(page, "First name"), V.first], [field(page, "Last name"), V.last], [field(page, "Phone"), V.phone], [field(page, "Job title"), V.jobTitle]],
    );
    await page.goto(`${p.url}/admin/contacts/${ids.signup}`);
    await page.getByText("Sign-up waiting for approval").waitFor();
    await expectPage(s, "the signed-up contact's page", [V.signupFirst, V.signupLast], [[field(page, "First name"), V.signupFirst]]);

    await page.getByRole("link", { name: "Portal settings", exact: true }).click();
    await expectPage(s, "portal settings: portal", [portalUrl], [[field(page, "Portal name"), V.portalName], [field(page, "Portal URL"), portalUrl]]);
    await page.getByRole("tab", { name: "Tickets" }).click();
    await expectPage(s, "portal settings: tickets", [], [[field(page, "Add-ticket text"), V.introText]]);
    await page.getByRole("tab", { name: "Ticket lists" }).click();
    const lists: [string, string[]][] = [
      ["Statuses", [V.status]],
      ["Priorities", [V.priority]],
      ["Ticket types", [V.ticketType]],
      ["Issue types", [V.issueType]],
      ["Sub-issue types", [V.subIssueType, V.issueType]],
      ["Sites", [V.site, V.account]],
      ["Hardware assets", [V.hardware, V.account]],
      ["Software assets", [V.software, V.account]],
    ];
    for (const [list, names] of lists) {
      await choose(page, "List", list);
      await expectPage(s, `ticket lists: ${list}`, names);
    }
    await page.getByRole("tab", { name: "Portal roles" }).click();
    await expectPage(s, "portal settings: portal roles", [V.role]);
    await page.getByRole("row", { name: new RegExp(`^${V.role.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) }).getByRole("button", { name: "Edit" }).click();
    await expectPage(s, "the portal role form", [], [[field(page, "Name"), V.role]]);
    await page.keyboard.press("Escape");

    await page.getByRole("link", { name: "Staff" }).click();
    // Signed in as this staff user: their own role shows as text, since nobody changes their own role.
    await expectPage(s, "staff users and roles", [V.staffName, V.staffRole]);

    await page.getByRole("link", { name: "Email log" }).click();
    const signupSubject = `New portal sign-up: ${V.signupFirst} ${V.signupLast}`;
    await expectPage(s, "the email log", [`Activate your ${V.portalName} account`, `[#${ids.ticketNumber}] ${V.title}`, signupSubject]);
    await page.getByRole("button", { name: signupSubject, exact: true }).click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await expectPage(s, "the sign-up email in the email log", [V.company, V.portalName, V.signupFirst, V.signupLast]);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    // The customer's only ticket email is the staff reply.
    await page.getByRole("row").filter({ hasText: JAMIE }).filter({ hasText: `[#${ids.ticketNumber}]` }).getByRole("button").click();
    await dialog.waitFor();
    await expectPage(s, "the reply email in the email log", [V.staffName, V.title, V.account, V.publicNote, V.portalName]);
  });

  it("ROL-5 ROL-6 TKT-1 TKT-2 TKT-3 TKT-4 SET-1 in every free-text field the portal shows, nothing runs and each shows as text", async () => {
    const s = await openPage();
    const { page } = s;
    await page.goto(`${p.url}/portal/login`);
    await expectPage(s, "the portal sign-in page", [V.portalName]);
    await field(page, "Username").fill(JAMIE);
    await field(page, "Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: /^Welcome/ }).waitFor();
    const switcher = combobox(page, "Current view");
    const current = await switcher.inputValue();
    expect([V.account, V.account2]).toContain(current);
    await expectPage(s, "the portal home", [V.first, V.last, V.portalName, current], [[switcher, current]]);

    await switcher.click();
    await expectPage(s, "the account switcher", [V.account, V.account2]);
    await page.getByRole("option", { name: V.account, exact: true }).click();
    await expect.poll(() => switcher.inputValue(), { timeout: 10_000 }).toBe(V.account);

    await page.getByRole("link", { name: "Tickets", exact: true }).click();
    await page.getByRole("heading", { name: "Tickets" }).waitFor();
    await expectPage(s, "the portal ticket list", [V.title, V.status, V.priority, V.first, V.last]);

    await page.getByRole("link", { name: V.title }).click();
    await page.getByRole("heading", { name: "Time entries" }).waitFor();
    await expectPage(s, "the portal ticket view", [
      V.title, V.status, V.details, V.publicNote, V.customerNote, V.timeNote, V.staffName, V.first, V.last, files.staff, files.customer,
      V.job, V.priority, V.ticketType, V.issueType, V.subIssueType, V.site, V.hardware, V.software,
    ]);
    expect(await page.getByText(wordOf(V.internalNote)).count(), "the internal note stays internal").toBe(0);

    await page.goto(`${p.url}/portal/tickets/new`);
    await page.getByRole("heading", { name: "New ticket" }).waitFor();
    await expectPage(s, "the new-ticket form", [V.introText], [[combobox(page, /^Job/), `${V.jobNumber} · ${V.job} (default)`]]);
    for (const [label, option] of [["Site", V.site], ["Issue type", V.issueType], ["Ticket type", V.ticketType], ["Affected hardware asset", V.hardware]]) {
      await combobox(page, label).click();
      await expectPage(s, `the new-ticket form's ${label} list`, [option]);
      await page.keyboard.press("Escape");
    }

    await page.getByRole("button", { name: contactName }).click();
    await page.getByRole("menuitem", { name: "My settings" }).click();
    await page.getByRole("heading", { name: "My settings" }).waitFor();
    await expectPage(s, "My settings", [V.portalName, V.first, V.last], [[field(page, "First name"), V.first], [field(page, "Last name"), V.last]]);

    await page.getByRole("link", { name: "Contacts", exact: true }).click();
    await expectPage(s, "the portal contacts page", [V.account, V.first, V.last, V.phone, V.jobTitle]);
    await page.getByRole("button", { name: "Edit" }).click();
    await expectPage(s, "the colleague form", [], [[field(page, "First name"), V.first], [field(page, "Phone"), V.phone], [field(page, "Job title"), V.jobTitle]]);
  });
});

describe("what the server sends", () => {
  it("TKT-3 an attachment whose name is a script payload downloads as an attachment, never as a page, in both apps", async () => {
    const cases = [
      { url: `/api/staff/attachments/${ids.staffFile}`, cookie: staffCookie, name: files.staff },
      { url: `/api/staff/attachments/${ids.customerFile}`, cookie: staffCookie, name: files.customer },
      { url: `/api/portal/attachments/${ids.staffFile}`, cookie: portalCookie, name: files.staff },
      { url: `/api/portal/attachments/${ids.customerFile}`, cookie: portalCookie, name: files.customer },
    ];
    for (const c of cases) {
      const r = await fetch(`${p.url}${c.url}`, { headers: { cookie: c.cookie } });
      expect(r.status, c.url).toBe(200);
      const disposition = r.headers.get("content-disposition") ?? "";
      expect(disposition, c.url).toMatch(/^attachment;/);
      expect(disposition, c.url).toContain(`filename*=UTF-8''${encodeURIComponent(c.name)}`);
      expect(r.headers.get("content-type"), c.url).toMatch(/^text\/plain/);
      expect(r.headers.get("x-content-type-options"), c.url).toBe("nosniff");
      expect(r.headers.get("content-security-policy"), c.url).toMatch(/(^|;\s*)sandbox(;|$)/);
      expect(await r.text(), c.url).toBe(fileBody);
    }
  });

  it("PLT-3 emails carry the payloads escaped in their HTML part", async () => {
    const get = async (url: string) => (await fetch(`${p.url}${url}`, { headers: { cookie: staffCookie } })).json();
    const list = await get("/api/staff/emails?pageSize=100");
    const withPayload = [];
    for (const m of list.items) {
      const e = await get(`/api/staff/emails/${m.id}`);
      if (e.textBody.includes("onerror=__x(") || e.textBody.includes("onload=__x(")) withPayload.push(e);
    }
    // Activation, the new ticket and the customer's note to the helpdesk, the reply to the customer, the sign-up.
    expect(withPayload.length).toBeGreaterThanOrEqual(5);
    for (const e of withPayload) {
      expect(e.htmlBody, e.subject).not.toMatch(/<(img|svg|script)\b/i);
      expect(e.htmlBody, e.subject).toMatch(/&lt;(img|svg|script)\b/);
    }
  });

  it("CFG-1 the portal URL is shown as a link and used in emails, so only http and https addresses are accepted", async () => {
    for (const bad of ["javascript:alert('portalUrl')", "JavaScript:alert(1)//https://x.test", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"]) {
      const r = await fetch(`${p.url}/api/staff/settings/portal`, { method: "PATCH", headers: { cookie: staffCookie, "x-portico-csrf": "1", "content-type": "application/json" }, body: JSON.stringify({ portalUrl: bad }) });
      expect(r.status, bad).toBe(400);
    }
    const now = await (await fetch(`${p.url}/api/staff/settings/portal`, { headers: { cookie: staffCookie } })).json();
    expect(now.portalUrl).toBe(portalUrl);
  });

  it("both apps' pages forbid inline and injected script in their Content-Security-Policy", async () => {
    for (const path of ["/admin/", "/admin/tickets", "/portal/", "/portal/login"]) {
      const r = await fetch(`${p.url}${path}`);
      expect(r.status, path).toBe(200);
      const csp = Object.fromEntries((r.headers.get("content-security-policy") ?? "").split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
      expect(csp["script-src"], path).toEqual(["'self'"]);
      expect(csp["object-src"], path).toEqual(["'none'"]);
      expect(csp["base-uri"], path).toEqual(["'none'"]);
      const html = await r.text();
      expect(html, path).toContain('<div id="root">');
      // A portal page carries its boot data as one JSON block (not run, not covered by script-src); it holds no "<",
      // so nothing in it can end the element. Every other script element has a src.
      const boot = /<script type="application\/json" id="portico-boot">([^<]*)<\/script>/.exec(html);
      expect(boot !== null, `${path} carries the boot data`).toBe(path.startsWith("/portal"));
      if (boot) expect(JSON.parse(boot[1]).portalInfo.portalName, path).toBeTypeOf("string");
      const rest = boot ? html.replace(boot[0], "") : html;
      expect([...rest.matchAll(/<script\b[^>]*>/g)].filter(([tag]) => !/\ssrc=/.test(tag)), `${path} has no inline script`).toEqual([]);
    }
  });
});
