import nodemailer from "nodemailer";

export interface MailTransport {
  send(m: { from: string; to: string; replyTo?: string; subject: string; text: string; html: string; messageId: string; attachments?: { filename: string; contentType: string; content: Buffer }[] }): Promise<void>;
  close(): void;
}

/** Connecting, the greeting and every pause in the conversation are cut off after this: a hanging server never holds mail back for long. */
export const SMTP_TIMEOUT_MS = 30_000;

/** SMTP delivery; null without SMTP_URL (emails then stay in the outbox as not sent). */
export function createSmtpTransport(smtpUrl: string | undefined, timeoutMs = SMTP_TIMEOUT_MS): MailTransport | null {
  if (!smtpUrl) return null;
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: Math.min(timeoutMs, 10_000),
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: Math.min(timeoutMs, 10_000),
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(m) {
      await transporter.sendMail(m);
    },
    close: () => transporter.close(),
  };
}
