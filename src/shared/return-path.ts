/**
 * Where a person goes after signing in: the page they asked for before the sign-in page, if it is a page of
 * the same app on this site. Anything else (another origin, a scheme, `//host`, a backslash, a sign-in page
 * itself) is dropped, so a crafted link can never send someone elsewhere after they sign in.
 */
const ORIGIN = "https://portico.invalid";
const authPages = ["login", "setup", "forgot", "reset", "set-password", "signup", "resend-activation", "confirm-email"];

export function safeReturnPath(next: string | null | undefined, app: "/admin/" | "/portal/"): string | null {
  if (!next || next.length > 2000 || !next.startsWith(app) || /[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN || !url.pathname.startsWith(app)) return null;
  const page = url.pathname.slice(app.length).split("/")[0];
  if (authPages.includes(page)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page's address that brings the person back to `path` afterwards. */
export function signInPath(app: "/admin/" | "/portal/", path: string) {
  const back = safeReturnPath(path, app);
  return back && back !== app ? `${app}login?next=${encodeURIComponent(back)}` : `${app}login`;
}
