/**
 * The thread module of the threaded backend: each thread owns one session of the wrapped backend and
 * runs it on request, so that ONNX Runtime's blocking `run()` never stalls the thread that answers.
 */
import type { Backend, ModelSession, ModelSource, SessionOptions, TensorInfo } from '../backend.js';
import type { TensorMap } from '../tensor.js';
import type { SetupContext, TaskContext } from './thread-protocol.js';

/** What each session thread is set up with. */
export interface SessionThreadInit {
  /** The module of the backend's factory, its export name and its options (a logger is added). */
  readonly module: string;
  readonly exportName: string;
  readonly backendOptions: Record<string, unknown>;
  readonly source: ModelSource;
  readonly sessionOptions: SessionOptions | undefined;
}

let session: ModelSession | undefined;

/** Creates this thread's session and says what it takes and gives. */
export async function setup(
  init: SessionThreadInit,
  ctx: SetupContext,
): Promise<Pick<ModelSession, 'inputs' | 'outputs' | 'executionProviders'>> {
  const mod = (await ctx.load(init.module)) as Record<string, (options: object) => Backend>;
  const backend = mod[init.exportName]!({ ...init.backendOptions, logger: ctx.logger });
  session = await backend.createSession(init.source, init.sessionOptions);
  const { inputs, outputs, executionProviders } = session;
  return { inputs: inputs as TensorInfo[], outputs: outputs as TensorInfo[], executionProviders };
}

/** Runs the session; its outputs are fresh buffers this thread no longer needs, so they move. */
export async function run(feeds: TensorMap, ctx: TaskContext): Promise<TensorMap> {
  const out = await session!.run(feeds);
  for (const { data } of Object.values(out))
    if (!Array.isArray(data) && data.buffer instanceof ArrayBuffer) ctx.transfer(data.buffer);
  return out;
}

export async function teardown(): Promise<void> {
  await session?.dispose();
}
