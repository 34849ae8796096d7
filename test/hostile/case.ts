// The shape of one case of the standing hostile-input suite: one crafted input (a file, a request, a
// molecule, a series...) sent to a running gateway, with what a well-behaved server must answer.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { postChunks, type ChunkedAnswer } from '@strata/service/testing';

/** The kinds of attack the suite groups its cases by (the summary counts each kind). */
export type HostileKind =
  | 'upload'
  | 'grid-file'
  | 'molecule'
  | 'series'
  | 'delimited-file'
  | 'compressed'
  | 'request'
  | 'auth'
  | 'job-store';

/** One hostile input and the checks of its answer (with `expect`; a case holds when they pass). */
export interface HostileCase {
  readonly kind: HostileKind;
  /** What it sends, in a few words: the test's name. */
  readonly name: string;
  /** Sends the input and checks the answer. The suite then checks that an ordinary request succeeds. */
  run(server: HostileServer): Promise<void>;
  /** A budget of its own where a case must wait for a limit to trip (default: the suite's). */
  readonly timeoutMs?: number;
}

/** What a failed job or a problem answer looks like, enough to check it. */
export interface JobEnd {
  readonly state: string;
  readonly error: { readonly code: string; readonly message?: string } | null;
}

/** The gateway under attack, and helpers to talk to it. */
export class HostileServer {
  constructor(
    /** The server's URL (a new one after {@link restart}). */
    public base: string,
    /** The server's state directory (nothing of it may show in an answer). */
    readonly stateDir: string,
    private readonly restarter: (change?: () => void | Promise<void>) => Promise<string>,
  ) {}

  /**
   * Kills the server (SIGKILL, as a crash or an OOM killer would), runs `change` on its state while it
   * is down, and starts it again on the same state directory.
   */
  async restart(change?: () => void | Promise<void>): Promise<void> {
    this.base = await this.restarter(change);
  }

  /** POSTs `chunks` as they are taken, stopping at the first answer (see `postChunks`). */
  post(path: string, headers: Record<string, string>, chunks: Iterable<Buffer>): Promise<ChunkedAnswer> {
    return postChunks(`${this.base}${path}`, headers, chunks);
  }

  /** POSTs a JSON body (a string is sent as it is, so malformed JSON can be sent too). */
  async json(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return answer(res);
  }

  /** GETs a path. */
  async get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return answer(await fetch(`${this.base}${path}`, { headers }));
  }

  /** Follows a job's events to its end and returns its last state. */
  async jobEnd(domain: string, links: { events: string }): Promise<JobEnd> {
    const text = await (await fetch(`${this.base}/${domain}/${links.events}`)).text();
    const last = text.trim().split('\n\n').at(-1)!;
    return JSON.parse(last.slice(last.indexOf('data: ') + 6)) as JobEnd;
  }

  /** The files in the uploads directory. */
  uploads(): Promise<string[]> {
    return readdir(join(this.stateDir, 'uploads')).catch(() => [] as string[]);
  }

  /**
   * Runs `send` and waits (bounded, never a fixed sleep) until the server has removed every upload it
   * made: the uploads directory holds nothing it did not hold before (earlier cases' job inputs stay theirs).
   */
  async leavesNoUpload<T>(send: () => Promise<T>): Promise<T> {
    const before = new Set(await this.uploads());
    const result = await send();
    // Files of earlier requests may still be on their way out meanwhile: only new ones count.
    const added = async () => (await this.uploads()).filter((name) => !before.has(name));
    await vi.waitFor(async () => expect(await added()).toEqual([]), { timeout: 10_000 });
    return result;
  }
}

/** A response read whole: status, headers and its body (JSON parsed where it is JSON). */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
  readonly text: string;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // Not JSON (a CSV, an SVG, an HTML page): the text is there.
  }
  return { status: res.status, headers: res.headers, body, text };
}

/**
 * Checks a problem-details answer: its status, its code, and that it neither leaks a stack trace nor
 * where the server keeps its files.
 */
export function expectProblem(
  server: HostileServer,
  res: { status: number; body: Record<string, unknown> },
  status: number,
  code?: string,
): void {
  expect({ status: res.status, code: res.body.code }).toMatchObject(code ? { status, code } : { status });
  const text = JSON.stringify(res.body);
  expect(text).not.toContain(server.stateDir);
  expect(text).not.toMatch(/\n\s+at /);
}
