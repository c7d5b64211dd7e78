/** A list's filters, search, page and tabs live in the address, so Back and a shared link return to the same view. */
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";

export function useUrlState<T extends Record<string, string>>(defaults: T) {
  const [params, setParams] = useSearchParams();
  const state = Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, params.get(k) ?? d])) as T;
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const write = (next: Partial<T>, nextPage: number, replace: boolean) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ ...state, ...next })) {
      if (v === defaults[k] || v === "") p.delete(k);
      else p.set(k, v as string);
    }
    if (nextPage > 1) p.set("page", String(nextPage));
    else p.delete("page");
    setParams(p, { replace });
  };
  return {
    state,
    page,
    /** A new filter starts at page 1; typing in a search box replaces the entry instead of adding one per key. */
    set: (next: Partial<T>, o: { replace?: boolean } = {}) => write(next, 1, o.replace ?? false),
    setPage: (n: number) => write({}, n, false),
  };
}
export type UrlState<T extends Record<string, string>> = ReturnType<typeof useUrlState<T>>;

/**
 * A search box over a `useUrlState` key: the box answers each key at once; the address (and so the query)
 * follows once typing pauses, replacing the entry rather than adding one per key.
 */
export function useSearchBox<T extends Record<string, string>>(url: UrlState<T>, key: keyof T & string = "q") {
  const current: string = url.state[key];
  const [typed, setTyped] = useState<string>(current);
  useEffect(() => setTyped(current), [current]);
  const [settled] = useDebouncedValue(typed, 250);
  useEffect(() => {
    if (settled !== current) url.set({ [key]: settled } as Partial<T>, { replace: true });
  }, [settled]); // eslint-disable-line react-hooks/exhaustive-deps
  return { value: typed, onChange: (e: { currentTarget: { value: string } }) => setTyped(e.currentTarget.value) };
}
