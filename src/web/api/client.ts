/** A small JSON client: same-origin cookie, CSRF header on writes, typed errors. */
import type { ApiError } from "../../shared/api";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.body.fields ?? []).map((f) => [f.field, f.message]));
  }
}

/** The account the portal page shows (ROL-5): sent with each portal request, so a stale tab is told, not misled. */
let accountInView: string | null = null;
export const setAccountInView = (id: string | null) => {
  accountInView = id;
};

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const isForm = body instanceof FormData;
  const res = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: {
      ...(method === "GET" ? {} : { "X-Portico-Csrf": "1" }),
      ...(accountInView && url.startsWith("/api/portal/") ? { "X-Portico-Account": accountInView } : {}),
      ...(body !== undefined && !isForm ? { "Content-Type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const err = new HttpError(res.status, data ?? { code: "HTTP", message: res.statusText });
    if (res.status === 401 && !url.includes("/auth/")) window.dispatchEvent(new CustomEvent("portico:unauthenticated", { detail: url }));
    if (err.body.code === "ACCOUNT_CHANGED") window.dispatchEvent(new CustomEvent("portico:account-changed"));
    throw err;
  }
  return data as T;
}

export const get = <T>(url: string) => api<T>("GET", url);
// The writes are for the API functions of src/web/api/ only: each takes the body type the server
// validates (src/shared), so pages never send an untyped object (test/unit/web-layout.test.ts).
export const post = <T>(url: string, body?: object) => api<T>("POST", url, body ?? {});
export const patch = <T>(url: string, body: object) => api<T>("PATCH", url, body);
export const put = <T>(url: string, body: object) => api<T>("PUT", url, body);
export const del = <T>(url: string) => api<T>("DELETE", url);

/** One file as multipart/form-data (the upload routes take no JSON body). */
export function upload<T>(url: string, file: File): Promise<T> {
  const data = new FormData();
  data.append("file", file);
  return api<T>("POST", url, data);
}

export const qs = (params: Record<string, string | number | undefined | null | boolean>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};
