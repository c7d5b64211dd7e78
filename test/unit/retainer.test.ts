/** CON-1 the contract arithmetic on fixed dates: billing periods, hours used, the daily series, run-out and thresholds. */
import { describe, expect, it } from "vitest";
import { addMonths, billingPeriods, consumedAmount, dayIn, periodAt, remainingOf, summariseRetainer, thresholdsReached } from "../../src/server/modules/contracts/retainer.js";

describe("CON-1 billing periods from the start date and the cycle", () => {
  it("CON-1 a monthly period runs from the start date's day of the month to the day before it next month", () => {
    expect(periodAt("2026-03-15", "monthly", "2026-03-15")).toEqual({ index: 0, start: "2026-03-15", end: "2026-04-14" });
    expect(periodAt("2026-03-15", "monthly", "2026-04-14")).toEqual({ index: 0, start: "2026-03-15", end: "2026-04-14" });
    expect(periodAt("2026-03-15", "monthly", "2026-04-15")).toEqual({ index: 1, start: "2026-04-15", end: "2026-05-14" });
    expect(periodAt("2026-03-15", "monthly", "2027-01-20")).toEqual({ index: 10, start: "2027-01-15", end: "2027-02-14" });
  });

  it("CON-1 a period starting on the 31st takes the last day of shorter months without drifting afterwards", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(periodAt("2026-01-31", "monthly", "2026-02-28")).toEqual({ index: 1, start: "2026-02-28", end: "2026-03-30" });
    expect(periodAt("2026-01-31", "monthly", "2026-03-31")).toEqual({ index: 2, start: "2026-03-31", end: "2026-04-29" });
    expect(periodAt("2026-01-31", "monthly", "2026-02-27")).toEqual({ index: 0, start: "2026-01-31", end: "2026-02-27" });
  });

  it("CON-1 quarterly and yearly periods, and a list of every period so far", () => {
    expect(periodAt("2026-01-01", "quarterly", "2026-11-22")).toEqual({ index: 3, start: "2026-10-01", end: "2026-12-31" });
    expect(periodAt("2025-07-01", "yearly", "2026-11-22")).toEqual({ index: 1, start: "2026-07-01", end: "2027-06-30" });
    expect(billingPeriods("2026-09-10", "monthly", "2026-11-22").map((p) => `${p.start}..${p.end}`)).toEqual(["2026-09-10..2026-10-09", "2026-10-10..2026-11-09", "2026-11-10..2026-12-09"]);
    expect(billingPeriods("2026-12-01", "monthly", "2026-11-22")).toEqual([]);
  });

  it("CON-1 no period before the start date; after the end date the last period, cut at the end date", () => {
    expect(periodAt("2026-12-01", "monthly", "2026-11-30")).toBeNull();
    expect(periodAt("2026-01-01", "monthly", "2026-11-22", "2026-06-20")).toEqual({ index: 5, start: "2026-06-01", end: "2026-06-20" });
    expect(periodAt("2026-01-01", "monthly", "2026-06-10", "2026-06-20")).toEqual({ index: 5, start: "2026-06-01", end: "2026-06-20" });
  });

  it("CON-1 the work day of an instant is taken in the tenant's time zone", () => {
    const lateEvening = new Date("2026-11-30T23:30:00Z");
    expect(dayIn(lateEvening, "UTC")).toBe("2026-11-30");
    expect(dayIn(lateEvening, "Pacific/Auckland")).toBe("2026-12-01");
    expect(dayIn(lateEvening, "America/New_York")).toBe("2026-11-30");
  });
});

describe("CON-1 the prepaid-hours summary", () => {
  const contract = { startDate: "2026-01-01", endDate: null, cycle: "monthly" as const, blockHours: "20" };

  it("CON-1 hours used in the current period up to today, percent used, burn rate and the projected run-out day", () => {
    const entries = [
      { day: "2026-10-30", hours: "9" }, // the previous period
      { day: "2026-11-02", hours: "4" },
      { day: "2026-11-05", hours: "3.5" },
      { day: "2026-11-10", hours: "7.5" },
      { day: "2026-11-25", hours: "2" }, // dated after today: not used yet
    ];
    const s = summariseRetainer(contract, entries, "2026-11-10")!;
    expect(s.period).toEqual({ index: 10, start: "2026-11-01", end: "2026-11-30" });
    expect(s.usedHours).toBe("15.00");
    expect(s.remainingHours).toBe("5.00");
    expect(s.percentUsed).toBe(75);
    // 15 h over 10 days: 1.5 h a day; the remaining 5 h last 3.33 days, so the block runs out on the 4th day from today.
    expect(s.dailyRate).toBe("1.50");
    expect(s.projectedRunOut).toBe("2026-11-14");
    expect(s.runOutWithinPeriod).toBe(true);
    expect(s.ranOutOn).toBeNull();
    expect(s.series).toHaveLength(30);
    expect(s.series[0]).toEqual({ date: "2026-11-01", used: "0.00", projected: null });
    expect(s.series[1]).toEqual({ date: "2026-11-02", used: "4.00", projected: null });
    expect(s.series[4]).toEqual({ date: "2026-11-05", used: "7.50", projected: null });
    expect(s.series[9]).toEqual({ date: "2026-11-10", used: "15.00", projected: "15.00" });
    expect(s.series[13]).toEqual({ date: "2026-11-14", used: null, projected: "21.00" });
    expect(s.series[29]).toEqual({ date: "2026-11-30", used: null, projected: "45.00" });
  });

  it("CON-1 a slow period does not run out before its end; an unused one has no run-out day at all", () => {
    const slow = summariseRetainer(contract, [{ day: "2026-11-05", hours: "2" }], "2026-11-10")!;
    expect(slow.dailyRate).toBe("0.20");
    expect(slow.projectedRunOut).toBe("2027-02-08"); // 18 h at 0.2 h a day: 90 days on
    expect(slow.runOutWithinPeriod).toBe(false);
    const unused = summariseRetainer(contract, [], "2026-11-10")!;
    expect(unused).toMatchObject({ usedHours: "0.00", percentUsed: 0, projectedRunOut: null, runOutWithinPeriod: false });
    expect(unused.series.every((p) => p.projected === null)).toBe(true);
  });

  it("CON-1 a block used up says on which day it ran out, and how far it is over", () => {
    const s = summariseRetainer(contract, [{ day: "2026-11-03", hours: "12" }, { day: "2026-11-06", hours: "9.25" }], "2026-11-08")!;
    expect(s).toMatchObject({ usedHours: "21.25", remainingHours: "0.00", overHours: "1.25", percentUsed: 106.3, ranOutOn: "2026-11-06", projectedRunOut: null, runOutWithinPeriod: true });
  });

  it("CON-1 an ended contract's last period counts to its end and projects nothing", () => {
    const s = summariseRetainer({ ...contract, endDate: "2026-06-20" }, [{ day: "2026-06-19", hours: "5" }, { day: "2026-06-21", hours: "5" }], "2026-11-22")!;
    expect(s.period.end).toBe("2026-06-20");
    expect(s.asOf).toBe("2026-06-20");
    expect(s.usedHours).toBe("5.00");
    expect(s.series.every((p) => p.projected === null)).toBe(true);
    expect(summariseRetainer({ ...contract, startDate: "2026-12-01" }, [], "2026-11-22")).toBeNull();
  });

  it("CON-1 thresholds are reached exactly at their share of the block, never by rounding", () => {
    expect(thresholdsReached("14.99", "20", [75, 90, 100])).toEqual([]);
    expect(thresholdsReached("15", "20", [100, 75, 90])).toEqual([75]);
    expect(thresholdsReached("18", "20", [75, 90, 100])).toEqual([75, 90]);
    expect(thresholdsReached("19.99", "20", [75, 90, 100])).toEqual([75, 90]);
    expect(thresholdsReached("20.00", "20", [75, 90, 100])).toEqual([75, 90, 100]);
    expect(thresholdsReached("2.25", "3", [75])).toEqual([75]);
  });
});

describe("CON-1 amounts of a retainer by amount", () => {
  it("CON-1 each entry is priced at its rate and rounded to the cent on its own; entries without a rate count at 0 and are counted", () => {
    expect(consumedAmount([{ hours: "1.25", rate: "95.50" }, { hours: "0.33", rate: "100.00" }, { hours: "2", rate: null }])).toEqual({ amount: "152.38", unpriced: 1 });
    expect(consumedAmount([])).toEqual({ amount: "0.00", unpriced: 0 });
    expect(remainingOf("1000", "152.38")).toBe("847.62");
    expect(remainingOf("100", "152.38")).toBe("-52.38");
  });
});
