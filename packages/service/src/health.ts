/**
 * One readiness check: resolves true when ready, false or throws (its message is the detail) when not,
 * or `{ ok, detail }` to say something an operator should see either way.
 */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<CheckResult> | CheckResult;
}

/** What a readiness check answers. */
export type CheckResult = boolean | { readonly ok: boolean; readonly detail?: string };

/** The answer of `/readyz`. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail?: string }>>;
}

/** Runs every check (each bounded by `timeoutMs`) and says whether all passed. */
export async function readiness(checks: readonly ReadinessCheck[], timeoutMs = 2000): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const result = await Promise.race([
          Promise.resolve(check()),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, typeof result === 'boolean' ? { ok: result } : result] as const;
      } catch (err) {
        return [name, { ok: false, detail: (err as Error).message }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
}
