/** Flags that give the main script as text, each followed by its value. */
const SCRIPT_TEXT_FLAGS = new Set(['-e', '--eval', '-p', '--print', '--input-type']);

/**
 * The process's Node flags a thread should start with: all of them (memory, loaders, conditions) but
 * those that give the main script as text (`node --input-type=module -e '...'`). A thread's module is a
 * file, and a thread that inherits `--input-type` dies at start.
 */
export function threadExecArgv(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (SCRIPT_TEXT_FLAGS.has(flag)) i++;
    else if (!/^--(input-type|eval|print)=/.test(flag)) kept.push(flag);
  }
  return kept;
}
