// cgroup cpu.max: "quota/period" as Linux writes it (with units here), or a number of CPUs,
// which is quota = CPUs × 100ms over the kernel's default 100ms period.
import type { CpuMax } from '../model/scenario.js';
import { ms, ns } from '../model/time.js';
import { MAX_CPU } from './cpulist.js';
import { DURATION_SOURCE, formatDuration, parseDuration } from './duration.js';
import { showValue } from './message.js';
import { accept, refuse, type Parsed } from './parsed.js';

export const CPU_MAX_WHAT = '"quota/period" (e.g. "50ms/100ms") or a number of CPUs (e.g. 0.5)';

/** What `parseCpuMax` takes, for editors; the quota and period bounds are beyond a pattern. */
export const CPU_MAX_PATTERN = String.raw`^\s*${DURATION_SOURCE}\s*/\s*${DURATION_SOURCE}\s*$`;
/** The number of CPUs it takes: in (0, MAX_CPU + 1]. */
export const CPU_MAX_CPUS = { exclusiveMinimum: 0, maximum: MAX_CPU + 1 } as const;

const DEFAULT_PERIOD = ms(100);
const MIN_PERIOD = ms(1);
const MAX_PERIOD = ms(1000);

export function parseCpuMax(value: string | number): Parsed<CpuMax> {
  if (typeof value === 'number') {
    if (!(value > CPU_MAX_CPUS.exclusiveMinimum && value <= CPU_MAX_CPUS.maximum)) {
      return refuse(`expected a number of CPUs in (0, ${CPU_MAX_CPUS.maximum}], got ${showValue(value)}`);
    }
    return accept({ quota: ns(Math.round(value * DEFAULT_PERIOD)), period: DEFAULT_PERIOD });
  }
  const parts = value.split('/');
  const [quotaText, periodText] = parts;
  if (parts.length !== 2 || quotaText === undefined || periodText === undefined) {
    return refuse(`expected ${CPU_MAX_WHAT}, got ${showValue(value)}`);
  }
  const quota = parseDuration(quotaText);
  if (!quota.ok) return refuse(`${quota.message} in ${showValue(value)}`);
  const period = parseDuration(periodText);
  if (!period.ok) return refuse(`${period.message} in ${showValue(value)}`);
  if (period.value < MIN_PERIOD || period.value > MAX_PERIOD) {
    return refuse(
      `expected a period ${formatDuration(MIN_PERIOD)}–${formatDuration(MAX_PERIOD)}, got ${showValue(value)}`,
    );
  }
  if (quota.value <= 0) return refuse(`expected a quota > 0, got ${showValue(value)}`);
  return accept({ quota: quota.value, period: period.value });
}
