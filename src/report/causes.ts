// How the views for people name each cause of steal (docs/model.md, "Steal attribution"), in one
// table so a new cause fails to compile until every view can say it; JSON and CSV keep the keys.
import type { StealCause } from '../metrics/steal-ledger.js';

export interface CauseInfo {
  /** Short, to fit a mode's column. */
  readonly label: string;
  /** A phrase that ends "… of it <words>". */
  readonly words: string;
}

export const CAUSE_INFO = {
  contention: { label: 'LP busy', words: 'while another VP ran where it waited' },
  capped: { label: 'capped', words: 'held back by its own limit or cgroup cap' },
  gang: { label: 'gang', words: 'waiting for its virtual core while an LP idled for another' },
  idle: { label: 'LP idle', words: 'beside an idle LP' },
} as const satisfies Record<StealCause, CauseInfo>;

/** What each label means, for the legend of every view that shows them. */
export const CAUSES_LEGEND =
  'LP busy (contention: another VP ran on the LP it waited for), capped (its limit or cgroup cap), ' +
  'gang (that LP idled, given to another virtual core), LP idle (nobody ran there: work conservation keeps it at 0)';
