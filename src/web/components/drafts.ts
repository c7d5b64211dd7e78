/** Unsent text survives a reload (kept in this browser only) and leaving the page with it asks first. */
import type { UseFormReturnType } from "@mantine/form";
import { useEffect, useRef } from "react";

const PREFIX = "portico:draft:";

/**
 * Keeps the form's text fields in localStorage under `key` while the person types, and puts them back when
 * the form opens again. `clear()` after a successful send. Files are not kept (a browser cannot store them).
 */
export function useDraft<T extends Record<string, unknown>>(key: string, form: UseFormReturnType<T>, fields: (keyof T & string)[]) {
  const storageKey = PREFIX + key;
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    try {
      const saved = JSON.parse(localStorage.getItem(storageKey) ?? "null") as Partial<T> | null;
      if (saved) for (const f of fields) if (typeof saved[f] === "string" && saved[f]) form.setFieldValue(f, saved[f] as never);
    } catch {
      localStorage.removeItem(storageKey);
    }
  }, [storageKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const values = fields.map((f) => form.values[f]);
  const hasText = values.some((v) => typeof v === "string" && v.trim() !== "");
  useEffect(() => {
    if (!restored.current) return;
    if (hasText) localStorage.setItem(storageKey, JSON.stringify(Object.fromEntries(fields.map((f) => [f, form.values[f]]))));
    else localStorage.removeItem(storageKey);
  }, [storageKey, hasText, ...values]); // eslint-disable-line react-hooks/exhaustive-deps
  useLeaveGuard(hasText);
  return { hasText, clear: () => localStorage.removeItem(storageKey) };
}

const LEAVE_QUESTION = "You have text that is not sent yet. Leave this page? (It is kept as a draft in this browser.)";

/** While `dirty`: closing or reloading the tab asks the browser's question, and following a link in the app asks ours. */
export function useLeaveGuard(dirty: boolean) {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!a || a.target === "_blank" || a.origin !== window.location.origin || a.pathname === window.location.pathname) return;
      if (!window.confirm(LEAVE_QUESTION)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty]);
}
