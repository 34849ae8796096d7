/**
 * A Redis URL without its password, for logs and errors: `redis://:secret@host` → `redis://:***@host`.
 *
 * @example
 * ```ts
 * redactedUrl('redis://app:s3cret@10.0.0.5:6379/0'); // 'redis://app:***@10.0.0.5:6379/0'
 * ```
 */
export function redactedUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
