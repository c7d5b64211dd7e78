import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Received {
  to: string;
  subject: string;
  text: string;
  /** The files the message carried (INV-1: an invoice's PDF). */
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/** A real SMTP server on a free port; it keeps what it receives. */
export async function startSmtp(
  opts: { failFirstTo?: string; reject?: (to: string) => number | null; refuseData?: (to: string) => number | null; hang?: (to: string) => boolean } = {},
) {
  const received: Received[] = [];
  const hung: string[] = [];
  let failures = opts.failFirstTo ? 1 : 0;
  const server = new SMTPServer({
    authOptional: true,
    // Closing does not wait for a client still in a hung conversation.
    closeTimeout: 200,
    disabledCommands: ["STARTTLS", "AUTH"],
    onRcptTo(address, _session, cb) {
      const code = opts.reject?.(address.address);
      if (code) {
        const err = new Error(`${code} 5.1.1 <${address.address}>: mailbox unavailable`) as Error & { responseCode: number };
        err.responseCode = code;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      if (session.envelope.rcptTo.some((r) => opts.hang?.(r.address))) {
        hung.push(...session.envelope.rcptTo.map((r) => r.address));
        stream.resume();
        return; // never answers
      }
      simpleParser(stream).then((mail) => {
        const refusal = session.envelope.rcptTo.map((r) => opts.refuseData?.(r.address)).find(Boolean);
        if (refusal) {
          const err = new Error(`${refusal} 5.7.1 message refused`) as Error & { responseCode: number };
          err.responseCode = refusal;
          return cb(err);
        }
        if (failures > 0 && session.envelope.rcptTo.some((r) => r.address === opts.failFirstTo)) {
          failures--;
          const err = new Error("451 try again later") as Error & { responseCode: number };
          err.responseCode = 451;
          return cb(err);
        }
        received.push({
          to: (mail.to as { text: string }).text,
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          attachments: mail.attachments.map((a) => ({ filename: a.filename ?? "", contentType: a.contentType, content: a.content })),
        });
        cb();
      }, cb);
    },
  });
  // A client that goes away mid-conversation (a killed process) is not an error of the test.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return { received, hung, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

