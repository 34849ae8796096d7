import { describe, expect, it } from 'vitest';
import { threadExecArgv } from './thread-exec-argv.js';

describe('threadExecArgv', () => {
  it('keeps the Node flags a thread needs and drops those that give the main script as text', () => {
    expect(
      threadExecArgv([
        '--input-type=module',
        '-e',
        'import("x")',
        '--max-old-space-size=512',
        '--import',
        'tsx',
      ]),
    ).toEqual(['--max-old-space-size=512', '--import', 'tsx']);
    expect(threadExecArgv(['--input-type', 'module', '--print', '1+1', '--conditions=dev'])).toEqual([
      '--conditions=dev',
    ]);
    expect(threadExecArgv(['--eval=1', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
  });
});
