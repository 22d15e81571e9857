// Plain-text helpers the terminal views share.

/** A share as people read it: 0.525 → "52.5 %". */
export function percent(share: number): string {
  return `${(100 * share).toFixed(1)} %`;
}

/**
 * Steal's causes as every view for people names them (JSON and CSV keep the cause's own key):
 * each fits a mode's column of the comparison.
 */
export const CAUSE_LABELS = { contention: 'LP busy', capped: 'capped', gang: 'gang', idle: 'LP idle' } as const;

/** What each label means, for the legend of every view that shows them. */
export const CAUSES_LEGEND =
  'LP busy (contention: another VP ran on the LP it waited for), capped (its limit or cgroup cap), ' +
  'gang (that LP idled, given to another virtual core), LP idle (nobody ran there: work conservation keeps it at 0)';

/** The widest line a terminal view prints. */
export const TERMINAL_WIDTH = 100;

/** Splits `text` at spaces into lines of at most `width` characters (a longer word stays whole). */
export function wrap(text: string, width: number = TERMINAL_WIDTH): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines;
}
