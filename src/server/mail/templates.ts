/** Email templates: each returns subject, plain text and HTML built from the same lines. */
import type { EmailMessage } from "../modules/email/outbox.repo.js";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

type Line = string | { link: string; label: string };

function compose(template: string, to: string, subject: string, portalName: string, lines: Line[]): EmailMessage {
  const text = [
    ...lines.map((l) => (typeof l === "string" ? l : `${l.label}: ${l.link}`)),
    "",
    `— ${portalName}`,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1b1e">${lines
    .map((l) =>
      typeof l === "string"
        ? `<p>${escapeHtml(l)}</p>`
        : `<p><a href="${escapeHtml(l.link)}" style="background:#228be6;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">${escapeHtml(l.label)}</a></p><p style="font-size:12px;color:#666">${escapeHtml(l.link)}</p>`,
    )
    .join("")}<p style="color:#666">— ${escapeHtml(portalName)}</p></body></html>`;
  return { template, to, subject, text, html };
}

interface Common {
  to: string;
  portalName: string;
  firstName: string;
}

export const mailTemplates = {
  activation: (p: Common & { username: string; link: string; welcome: boolean }) =>
    compose(
      p.welcome ? "welcome" : "activation",
      p.to,
      p.welcome ? `Welcome to ${p.portalName}` : `Activate your ${p.portalName} account`,
      p.portalName,
      [
        `Hello ${p.firstName},`,
        p.welcome
          ? `You now have access to ${p.portalName}. Your username is ${p.username}.`
          : `An account on ${p.portalName} has been created for you. Your username is ${p.username}.`,
        "Choose your password with the link below. It works once and expires in 24 hours.",
        { link: p.link, label: "Set your password" },
      ],
    ),
  reset: (p: Common & { link: string; hours: number; reason: "forgot" | "staff" | "username_changed" }) =>
    compose("reset", p.to, `Reset your ${p.portalName} password`, p.portalName, [
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
  sendLogin: (p: Common & { username: string; portalUrl: string; link: string }) =>
    compose("send_login", p.to, `Your ${p.portalName} login`, p.portalName, [
      `Hello ${p.firstName},`,
      `Here are your login details for ${p.portalName}.`,
      `Portal: ${p.portalUrl}`,
      `Username: ${p.username}`,
      "Set your password with the link below (we never send passwords by email). It works once and expires in 24 hours.",
      { link: p.link, label: "Set your password" },
    ]),
  ticketActivity: (p: { to: string; portalName: string; number: number; title: string; account: string; headline: string; text: string; link: string }) =>
    compose("ticket_activity", p.to, `[#${p.number}] ${p.title}`, p.portalName, [
      p.headline,
      `Ticket #${p.number}: ${p.title}${p.account ? ` (${p.account})` : ""}`,
      ...(p.text ? [p.text.length > 2000 ? `${p.text.slice(0, 2000)}…` : p.text] : []),
      { link: p.link, label: "Open the ticket" },
    ]),
  signupNotification: (p: { to: string; portalName: string; name: string; email: string; company: string; link: string; autoApproved: string | null }) =>
    compose("signup_notification", p.to, `New portal sign-up: ${p.name}`, p.portalName, [
      `${p.name} <${p.email}> from "${p.company}" signed up for ${p.portalName}.`,
      p.autoApproved
        ? `Their email domain matches the account ${p.autoApproved}, so they were approved and sent an activation email.`
        : "The sign-up waits for your approval.",
      { link: p.link, label: "Open the contact" },
    ]),
};
