/** What an upload may be, for the server's checks and the browser's (which tells people before sending). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const allowedExtensions = ["pdf", "png", "jpg", "jpeg", "gif", "txt", "log", "csv", "docx", "xlsx", "pptx", "zip"] as const;
export const allowedTypesText = "PDF, images (PNG, JPG, GIF), text (TXT, LOG, CSV), Office documents (DOCX, XLSX, PPTX) and ZIP";

export function extensionOf(filename: string) {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(filename);
  return m ? m[1].toLowerCase() : "";
}

/** Why a file cannot be uploaded, in a sentence that names it; null when it may be sent. */
export function uploadProblem(file: { name: string; size: number }): string | null {
  if (!(allowedExtensions as readonly string[]).includes(extensionOf(file.name))) {
    return `“${file.name}” cannot be attached: only ${allowedTypesText} files are accepted.`;
  }
  if (file.size > MAX_UPLOAD_BYTES) return `“${file.name}” cannot be attached: it is larger than 10 MB.`;
  if (file.size === 0) return `“${file.name}” cannot be attached: the file is empty.`;
  return null;
}
