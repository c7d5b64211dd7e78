/**
 * Email templates. Each declares the facts it needs (a zod schema: what the outbox stores) and
 * renders subject, plain text and HTML from the same lines when the worker sends it.
 */
import { z } from "zod";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

type Line = string | { link: string; label: string };

function compose(subject: string, portalName: string, lines: Line[]): RenderedEmail {
  const text = [...lines.map((l) => (typeof l === "string" ? l : `${l.label}: ${l.link}`)), "", `— ${portalName}`].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1b1e">${lines
    .map((l) =>
      typeof l === "string"
        ? `<p>${escapeHtml(l)}</p>`
        : `<p><a href="${escapeHtml(l.link)}" style="background:#228be6;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">${escapeHtml(l.label)}</a></p><p style="font-size:12px;color:#666">${escapeHtml(l.link)}</p>`,
    )
    .join("")}<p style="color:#666">— ${escapeHtml(portalName)}</p></body></html>`;
  return { subject, text, html };
}

const s = z.string().max(20_000);
const common = { to: z.string().max(320), portalName: s, firstName: s };

function template<S extends z.ZodRawShape>(shape: S, render: (p: z.infer<z.ZodObject<S>>) => RenderedEmail) {
  return { params: z.object(shape).strict(), render };
}

function activation(p: { portalName: string; firstName: string; username: string; link: string }, welcome: boolean) {
  return compose(welcome ? `Welcome to ${p.portalName}` : `Activate your ${p.portalName} account`, p.portalName, [
    `Hello ${p.firstName},`,
    welcome
      ? `You now have access to ${p.portalName}. Your username is ${p.username}.`
      : `An account on ${p.portalName} has been created for you. Your username is ${p.username}.`,
    "Choose your password with the link below. It works once and expires in 24 hours.",
    { link: p.link, label: "Set your password" },
  ]);
}

/** Files an email carries (INV-1: the invoice's PDF), as base64 in the outbox row written with the change it reports. */
export const emailAttachmentsSchema = z
  .array(z.object({ filename: z.string().max(200), contentType: z.string().max(100), contentBase64: z.string().max(14_000_000) }).strict())
  .max(5);

export const mailTemplates = {
  activation: template({ ...common, username: s, link: s }, (p) => activation(p, false)),
  welcome: template({ ...common, username: s, link: s }, (p) => activation(p, true)),
  reset: template({ ...common, link: s, hours: z.number(), reason: z.enum(["forgot", "staff", "username_changed"]) }, (p) =>
    compose(`Reset your ${p.portalName} password`, p.portalName, [
      `Hello ${p.firstName},`,
      p.reason === "username_changed"
        ? "Your portal username was changed, so you need to choose a new password."
        : p.reason === "staff"
          ? "Our support team started a password reset for your account."
          : "Someone (hopefully you) asked to reset your password.",
      `Choose a new password with the link below. It works once and expires in ${p.hours} ${p.hours === 1 ? "hour" : "hours"}.`,
      { link: p.link, label: "Choose a new password" },
      "If you did not ask for this, you can ignore this email.",
    ]),
  ),
  /** To a staff member who asked to reset their password on the staff sign-in page. */
  staff_reset: template({ to: common.to, companyName: s, name: s, link: s, hours: z.number() }, (p) =>
    compose(`Reset your ${p.companyName} staff console password`, `${p.companyName} staff console`, [
      `Hello ${p.name},`,
      "Someone (hopefully you) asked to reset your password for the staff console.",
      `Choose a new password with the link below. It works once and expires in ${p.hours} ${p.hours === 1 ? "hour" : "hours"}. Setting it signs you out everywhere else.`,
      { link: p.link, label: "Choose a new password" },
      "If you did not ask for this, you can ignore this email: your password stays as it is.",
    ]),
  ),
  send_login: template({ ...common, username: s, portalUrl: s, link: s }, (p) =>
    compose(`Your ${p.portalName} login`, p.portalName, [
      `Hello ${p.firstName},`,
      `Here are your login details for ${p.portalName}.`,
      `Portal: ${p.portalUrl}`,
      `Username: ${p.username}`,
      "Set your password with the link below (we never send passwords by email). It works once and expires in 24 hours.",
      { link: p.link, label: "Set your password" },
    ]),
  ),
  /** SET-1: to the address a contact asked to use. No link when the address already belongs to a portal login. */
  email_change_confirm: template({ ...common, link: s.nullable(), hours: z.number() }, (p) =>
    p.link
      ? compose(`Confirm your new email address for ${p.portalName}`, p.portalName, [
          `Hello ${p.firstName},`,
          `You asked to use this address for your login on ${p.portalName}.`,
          `Confirm it with the link below. It works once and expires in ${p.hours} hours. Until you open it, your old address stays in use.`,
          { link: p.link, label: "Confirm this email address" },
          "If you did not ask for this, you can ignore this email: nothing changes.",
        ])
      : // The requester may be someone else: no name, and nothing about who asked.
        compose(`Email address change on ${p.portalName}`, p.portalName, [
          `Someone signed in to ${p.portalName} asked to use this address for their login.`,
          `This address already belongs to a login on ${p.portalName}, so it cannot be used for another one. Nothing was changed.`,
          "If that was you, sign in with the login this address already has, or ask for the change with a different address. Otherwise you can ignore this email.",
        ]),
  ),
  /** SET-1: to the address a contact has now, when they ask to change it. */
  email_change_notice: template({ ...common, newEmail: s, hours: z.number() }, (p) =>
    compose(`Your ${p.portalName} email address is being changed`, p.portalName, [
      `Hello ${p.firstName},`,
      `Someone signed in to your ${p.portalName} account asked to change its email address to ${p.newEmail}.`,
      `The change happens only if the link we sent to that address is opened within ${p.hours} hours. Until then this address stays in use.`,
      "If this was not you, someone may know your password: choose a new one at once with \"Forgot your password?\" on the sign-in page. That also cancels the change.",
    ]),
  ),
  ticket_activity: template(
    { to: common.to, portalName: s, number: z.number(), title: s, account: s, headline: s, text: s, link: s },
    (p) =>
      compose(`[#${p.number}] ${p.title}`, p.portalName, [
        p.headline,
        `Ticket #${p.number}: ${p.title}${p.account ? ` (${p.account})` : ""}`,
        ...(p.text ? [p.text.length > 2000 ? `${p.text.slice(0, 2000)}…` : p.text] : []),
        { link: p.link, label: "Open the ticket" },
      ]),
  ),
  /** APR-4 "Invoice Approval Request": to the job contact, with the link to the statement in the portal. */
  approval_request: template(
    { ...common, replyTo: s.nullable(), job: s, account: s, version: z.number(), cutOff: s, hours: s, amount: s, expiresOn: s, link: s, replaces: z.number().nullable() },
    (p) =>
      compose(`Please approve the work on ${p.job} (version ${p.version})`, p.portalName, [
        `Hello ${p.firstName},`,
        `Please review the work on ${p.job} (${p.account}) up to ${p.cutOff}: ${p.hours}, ${p.amount}.`,
        ...(p.replaces ? [`This is version ${p.version}; it replaces version ${p.replaces}, which you no longer need to answer.`] : []),
        `Approve it, or query it with a comment, in the portal by ${p.expiresOn}.`,
        { link: p.link, label: "Review and answer" },
      ]),
  ),
  /** APR-4 "Invoice Approved Response" (or its queried variant): to the job manager, and the approval reply-to address. */
  approval_answered: template(
    { to: common.to, portalName: s, job: s, account: s, version: z.number(), decision: z.enum(["approved", "queried"]), by: s, comment: s, link: s },
    (p) =>
      compose(`${p.decision === "approved" ? "Approved" : "Queried"}: ${p.job}, version ${p.version}`, p.portalName, [
        p.decision === "approved"
          ? `${p.by} approved version ${p.version} of the work on ${p.job} (${p.account}). Its time entries are now locked.`
          : `${p.by} queried version ${p.version} of the work on ${p.job} (${p.account}).`,
        ...(p.comment ? [`Their comment: ${p.comment}`] : []),
        ...(p.decision === "queried" ? ["Revise the work and send a new version from the approval screen."] : []),
        { link: p.link, label: "Open the approval screen" },
      ]),
  ),
  /** APR-5: to the job manager, when the approval period ended without an answer. */
  approval_expired: template(
    { to: common.to, portalName: s, job: s, account: s, version: z.number(), outcome: z.enum(["expired", "deemed_approved"]), days: z.number(), link: s },
    (p) =>
      compose(`${p.outcome === "expired" ? "Expired" : "Counted as approved"}: ${p.job}, version ${p.version}`, p.portalName, [
        `Nobody answered version ${p.version} of the work on ${p.job} (${p.account}) within ${p.days} ${p.days === 1 ? "day" : "days"}.`,
        p.outcome === "expired"
          ? "The request has expired. You can send it again from the approval screen."
          : "Under your approval settings the work now counts as approved, and its time entries are locked.",
        { link: p.link, label: "Open the approval screen" },
      ]),
  ),
  /** CON-1: a retainer by hours reached one of the tenant's thresholds this period: to the account's client administrators and the job managers. */
  retainer_threshold: template(
    {
      to: common.to,
      portalName: s,
      name: s,
      audience: z.enum(["customer", "staff"]),
      contract: s,
      account: s,
      threshold: z.number(),
      percent: z.number(),
      used: s,
      block: s,
      periodStart: s,
      periodEnd: s,
      runOut: s.nullable(),
      link: s,
    },
    (p) =>
      compose(`${p.contract}: ${p.threshold} % of this period's prepaid hours used`, p.portalName, [
        `Hello ${p.name},`,
        p.audience === "customer"
          ? `Your prepaid hours on ${p.contract} have reached ${p.threshold} %: ${p.used} of ${p.block} used (${p.percent} %) in the period ${p.periodStart} to ${p.periodEnd}.`
          : `${p.account}'s prepaid hours on ${p.contract} have reached ${p.threshold} %: ${p.used} of ${p.block} used (${p.percent} %) in the period ${p.periodStart} to ${p.periodEnd}.`,
        p.percent >= 100
          ? "The block for this period is used up; further work is billed as agreed in the contract."
          : p.runOut
            ? `At this period's pace the block runs out on ${p.runOut}.`
            : "At this period's pace the block lasts to the end of the period.",
        { link: p.link, label: p.audience === "customer" ? "See your prepaid hours" : "Open the contract" },
      ]),
  ),
  /** PRJ-1: to each staff member assigned to a project and its manager, when an associated contact adds a note or a file. */
  project_activity: template(
    { to: common.to, portalName: s, project: s, account: s, by: s, kind: z.enum(["note", "file"]), text: s, link: s },
    (p) =>
      compose(`[${p.project}] ${p.kind === "note" ? "New note" : "New file"} from ${p.by}`, p.portalName, [
        p.kind === "note" ? `${p.by} added a note to the project ${p.project} (${p.account}):` : `${p.by} uploaded a file to the project ${p.project} (${p.account}): ${p.text}`,
        ...(p.kind === "note" ? [p.text.length > 2000 ? `${p.text.slice(0, 2000)}…` : p.text] : []),
        { link: p.link, label: "Open the project" },
      ]),
  ),
  /** INV-1: an issued invoice to a contact of the account, its PDF attached; the portal link for those who may open it there. */
  invoice_sent: template(
    { ...common, company: s, number: s, account: s, amount: s, dueOn: s, link: s.nullable(), resent: z.boolean(), attachments: emailAttachmentsSchema.optional() },
    (p) =>
      compose(`Invoice ${p.number} from ${p.company}`, p.portalName, [
        p.firstName ? `Hello ${p.firstName},` : "Hello,",
        p.resent ? `Here is invoice ${p.number} for ${p.account} again.` : `Please find attached invoice ${p.number} for ${p.account}.`,
        `Amount due: ${p.amount}, by ${p.dueOn}.`,
        ...(p.link ? [{ link: p.link, label: "View the invoice in the portal" }] : []),
        `The invoice is attached as a PDF.`,
      ]),
  ),
  signup_notification: template(
    { to: common.to, portalName: s, name: s, email: s, company: s, link: s, autoApproved: s.nullable() },
    (p) =>
      compose(`New portal sign-up: ${p.name}`, p.portalName, [
        `${p.name} <${p.email}> from "${p.company}" signed up for ${p.portalName}.`,
        p.autoApproved
          ? `Their email domain matches the account ${p.autoApproved}, so they were approved and sent an activation email.`
          : "The sign-up waits for your approval.",
        { link: p.link, label: "Open the contact" },
      ]),
  ),
};

export type TemplateName = keyof typeof mailTemplates;
export type TemplateParams<N extends TemplateName> = z.infer<(typeof mailTemplates)[N]["params"]>;
