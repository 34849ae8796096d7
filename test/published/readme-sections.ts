// What a package README promises a new user: the packages its install line names, and the files of its
// runnable example. Read from the README itself, so the test runs what the user would copy.

/** One file of a README's example: a fenced `js` block whose first line is `// <file>.mjs...`. */
export interface ExampleFile {
  readonly file: string;
  readonly code: string;
}

/** The text of one `## <title>` section, up to the next `## ` heading. */
export function section(markdown: string, title: string): string {
  const start = markdown.search(new RegExp(`^## ${title}\\b.*$`, 'm'));
  if (start < 0) throw new Error(`no "## ${title}" section`);
  const rest = markdown.slice(start).split('\n').slice(1).join('\n');
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

const fenced = (text: string, lang: string) =>
  [...text.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]!);

/** The packages of the first `npm install ...` line in the Install section. */
export function installedPackages(markdown: string): string[] {
  const line = fenced(section(markdown, 'Install'), 'sh')
    .flatMap((b) => b.split('\n'))
    .find((l) => /^npm install /.test(l));
  if (!line) throw new Error('the Install section has no `npm install` line');
  return line
    .replace(/^npm install /, '')
    .trim()
    .split(/\s+/);
}

/** The example's files, in README order; the one to run is named `example.mjs`. */
export function exampleFiles(markdown: string): ExampleFile[] {
  return fenced(section(markdown, 'Example'), 'js').map((code) => {
    const m = /^\/\/ ([\w.-]+\.mjs)\b/.exec(code);
    if (!m) throw new Error(`an example block does not start with "// <file>.mjs": ${code.split('\n')[0]}`);
    return { file: m[1]!, code };
  });
}

/**
 * What the example prints: the lines of the first `text` block of the Example section (the README may
 * show only some of them, in order).
 */
export function expectedOutput(markdown: string): string[] {
  const [block] = fenced(section(markdown, 'Example'), 'text');
  if (block === undefined) throw new Error('the Example section does not show what the example prints');
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}
