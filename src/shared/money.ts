/** Money and hours cross the API as decimal strings ("95.50"): exact, never floating point. */
import { z } from "zod";

export const moneySchema = z
  .string()
  .trim()
  // Up to 9,999,999.99: a rate times a day's hours, summed over a statement, stays within the stored precision.
  .regex(/^\d{1,7}(\.\d{1,2})?$/, "must be an amount such as 95 or 95.50, below 10,000,000");
/** A rate that may be left empty (""/null: none). */
export const optionalMoney = z
  .union([z.literal(""), moneySchema])
  .nullish()
  .transform((v) => (v ? v : null));
/** A percentage with up to two decimals, 0 to 100 ("12.5" for 12.5 %). */
export const percentSchema = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, "must be a percentage such as 20 or 12.5")
  .refine((v) => Number(v) <= 100, "must be at most 100");
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "must be a three-letter currency code such as USD, EUR or NZD");

/** "1234.5" in "USD" → "$1,234.50", in the reader's locale. */
export function formatMoney(amount: string, currency: string, locale?: string) {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(Number(amount));
  } catch {
    return `${currency} ${amount}`;
  }
}
export const formatHours = (hours: string) => `${Number(hours).toFixed(2)} h`;
