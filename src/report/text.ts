// Plain-text helpers the terminal views share.

/** A share as people read it: 0.525 → "52.5 %". */
export function percent(share: number): string {
  return `${(100 * share).toFixed(1)} %`;
}

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
