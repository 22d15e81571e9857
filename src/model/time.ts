// Integer nanoseconds are the only time unit inside the model; other units exist only at the
// boundaries (scenario text in, reports out), so the brand keeps raw numbers from leaking in.
declare const nanosBrand: unique symbol;
export type Nanos = number & { readonly [nanosBrand]: true };

export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

export function ns(value: number): Nanos {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Invalid nanoseconds: ${value}`);
  return value as Nanos;
}
export const us = (value: number): Nanos => ns(Math.round(value * NS_PER_US));
export const ms = (value: number): Nanos => ns(Math.round(value * NS_PER_MS));
export const sec = (value: number): Nanos => ns(Math.round(value * NS_PER_S));

/** Human rendering for reports: the largest unit that keeps the value at least 1. */
export function formatNanos(value: number): string {
  const abs = Math.abs(value);
  if (abs >= NS_PER_S) return `${trim(value / NS_PER_S)}s`;
  if (abs >= NS_PER_MS) return `${trim(value / NS_PER_MS)}ms`;
  if (abs >= NS_PER_US) return `${trim(value / NS_PER_US)}us`;
  return `${value}ns`;
}

function trim(value: number): string {
  return Number(value.toFixed(3)).toString();
}
