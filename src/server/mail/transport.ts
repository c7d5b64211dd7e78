import nodemailer from "nodemailer";

export interface MailTransport {
  send(m: { from: string; to: string; subject: string; text: string; html: string; messageId: string }): Promise<void>;
  close(): void;
}

/** SMTP delivery; null without SMTP_URL (emails then stay in the outbox as not sent). */
export function createSmtpTransport(smtpUrl: string | undefined): MailTransport | null {
  if (!smtpUrl) return null;
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(m) {
      await transporter.sendMail(m);
    },
    close: () => transporter.close(),
  };
}
