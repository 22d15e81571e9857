// Work is counted in integer units so that progress at SMT speed stays exact: one nanosecond on
// an LP whose sibling is idle does FULL_SPEED units, so smtThroughput keeps three decimals.
export const FULL_SPEED = 2000;

/** Units per nanosecond of an LP whose sibling is busy too. */
export function sharedSpeed(smtThroughput: number): number {
  return Math.round((smtThroughput * FULL_SPEED) / 2);
}

export function unitsToNanos(units: number): number {
  return units / FULL_SPEED;
}
