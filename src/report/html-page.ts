// What every HTML page hvsched writes shares: the document shell and escaping.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element text and in double-quoted attributes alike. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A whole HTML5 document: `title` (escaped here), one style sheet, then `body` lines inside <main> and `after` it. */
export function htmlPage(title: string, css: string, body: readonly string[], after: readonly string[] = []): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    ...after,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
