import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import type { Backend, ExecutionProvider, ModelSession, ModelSource, SessionOptions } from '../backend.js';
import { InvalidArgumentError, ModelError, messageOf } from '../errors.js';
import { defaultWarningLogger } from '../json-logger.js';
import type { Logger } from '../log.js';
import { hasExternalData, overrideFreeDimensions } from '../onnx-proto/free-dimensions.js';
import { infosOf } from './ort-tensors.js';
import { OrtSession } from './ort-session.js';
import { unavailableReason } from './providers.js';

/** Options of {@link createOrtBackend}. */
export interface OrtBackendOptions {
  /** Where provider fallbacks and overrides are reported. @defaultValue warnings as JSON lines on stderr */
  readonly logger?: Logger;
  /** Session options applied when a call gives none of its own. @defaultValue `{}` */
  readonly defaults?: SessionOptions;
}

/** A label for a model source in messages. */
function describe(source: ModelSource): string {
  return 'path' in source ? source.path : `<${source.bytes.length} bytes>`;
}

function ortOptions(
  o: SessionOptions,
  providers: readonly ExecutionProvider[],
): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [...providers],
    intraOpNumThreads: o.intraOpThreads ?? 1,
    interOpNumThreads: o.interOpThreads ?? 1,
    executionMode: o.executionMode ?? 'sequential',
    graphOptimizationLevel: o.graphOptimizationLevel ?? 'all',
    enableCpuMemArena: o.enableCpuMemArena ?? true,
    enableMemPattern: o.enableMemPattern ?? true,
    logSeverityLevel: o.logSeverityLevel ?? 3,
  };
}

async function applyOverrides(
  source: ModelSource,
  overrides: Readonly<Record<string, number>>,
  logger: Logger,
): Promise<ModelSource> {
  for (const [name, size] of Object.entries(overrides)) {
    if (!Number.isInteger(size) || size < 1) {
      throw new InvalidArgumentError(
        'freeDimensionOverrides',
        `override "${name}" must be a positive integer, got ${size}`,
        {
          value: size,
        },
      );
    }
  }
  const bytes = 'path' in source ? new Uint8Array(await readFile(source.path)) : source.bytes;
  if (hasExternalData(bytes)) {
    // External data resolves relative to the model file, so a rewritten copy in memory cannot find it.
    throw new InvalidArgumentError(
      'freeDimensionOverrides',
      `freeDimensionOverrides are not supported for external-data models (${describe(source)})`,
    );
  }
  const { model, applied } = overrideFreeDimensions(bytes, overrides);
  const unused = Object.keys(overrides).filter((n) => !applied.has(n));
  if (unused.length)
    logger.warn({ unused, model: describe(source) }, 'free dimension overrides match no input axis');
  return { bytes: model };
}

/**
 * The ONNX Runtime backend: the one place in Strata that talks to `onnxruntime-node`.
 *
 * @example
 * ```ts
 * const backend = createOrtBackend({ logger });
 * const session = await backend.createSession({ path: 'models/esol/model.onnx' }, { intraOpThreads: 1 });
 * try { const out = await session.run({ x: tensor('float32', [0, 1], [1, 2]) }); } finally { await session.dispose(); }
 * ```
 */
export function createOrtBackend(options: OrtBackendOptions = {}): Backend {
  const logger = options.logger ?? defaultWarningLogger();
  return {
    name: 'onnxruntime-node',
    async createSession(source: ModelSource, callOptions?: SessionOptions): Promise<ModelSession> {
      const o = callOptions ?? options.defaults ?? {};
      const overrides = o.freeDimensionOverrides ?? {};
      const src = Object.keys(overrides).length ? await applyOverrides(source, overrides, logger) : source;
      const providers: ExecutionProvider[] = [];
      for (const p of new Set<ExecutionProvider>(o.executionProviders ?? ['cpu'])) {
        const reason = await unavailableReason(p);
        if (reason === undefined) providers.push(p);
        // Asking for a provider whose libraries are absent throws at create: fall back, loudly.
        else
          logger.warn(
            { provider: p, error: reason, model: describe(source) },
            `execution provider ${p} is unavailable; falling back`,
          );
      }
      if (!providers.includes('cpu')) providers.push('cpu');
      let session: ort.InferenceSession;
      try {
        const opts = ortOptions(o, providers);
        session =
          'path' in src
            ? await ort.InferenceSession.create(src.path, opts)
            : await ort.InferenceSession.create(src.bytes, opts);
      } catch (err) {
        throw new ModelError(
          'MODEL_LOAD_FAILED',
          `cannot load model ${describe(source)}: ${messageOf(err)}`,
          {
            context: { modelId: describe(source) },
            cause: err,
          },
        );
      }
      return wrap(session, providers, source);
    },
  };
}

function wrap(
  session: ort.InferenceSession,
  providers: ExecutionProvider[],
  source: ModelSource,
): ModelSession {
  const inputs = infosOf(session.inputMetadata);
  const outputs = infosOf(session.outputMetadata);
  const unsupported = [...inputs.unsupported, ...outputs.unsupported];
  if (unsupported.length) {
    void session.release();
    throw new ModelError(
      'MODEL_LOAD_FAILED',
      `model ${describe(source)} has values of unsupported types: ${unsupported.join(', ')}`,
      {
        context: { modelId: describe(source), field: 'inputs/outputs', actual: unsupported },
      },
    );
  }
  return new OrtSession(session, inputs.infos, outputs.infos, providers);
}
