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
