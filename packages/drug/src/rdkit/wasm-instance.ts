// The WebAssembly instances of RDKit on this thread: one current instance that every RDKit wrapper of
// the thread shares, replaced when it wears out or breaks. A trap (memory access out of bounds, an
// unreachable, a stack overflow, an abort) leaves the instance's memory in an unknown state, so a broken
// instance is fenced: every object it made answers with an error instead of calling into it again.
import rdkitFactory, { type MainModule } from '@rdkit/rdkit';
import { DrugError } from '../errors.js';

// The package is CommonJS with an ES-style declaration: at run time the default import is the factory.
const initRDKitModule = rdkitFactory as unknown as () => Promise<MainModule>;

/** One RDKit WebAssembly instance, and whether it broke. */
export class WasmInstance {
  /** Why it broke (a trap), once it has: nothing may call into it after that. */
  broken: string | undefined;

  constructor(readonly module: MainModule) {}

  /**
   * Marks the instance broken, fences every object it made, and starts its replacement at once so
   * that the next caller waits as little as possible.
   */
  breakDown(reason: string): void {
    if (this.broken !== undefined) return;
    this.broken = reason;
    fence(this.module, reason);
    // A replacement that fails to start is retried by the next renewal; it is nobody's error here.
    replaceInstance(this).catch(() => undefined);
  }
}

let current: Promise<WasmInstance> | undefined;
/** The instance `current` resolved to, so that a replacement is started once however many notice. */
let latest: WasmInstance | undefined;

function start(): Promise<WasmInstance> {
  const starting = initRDKitModule().then((module) => (latest = new WasmInstance(module)));
  // A start that failed (memory) is not kept: the next caller tries again.
  starting.catch(() => {
    if (current === starting) current = undefined;
  });
  current = starting;
  return starting;
}

/** This thread's current RDKit instance, started on first use. */
export function currentInstance(): Promise<WasmInstance> {
  return current ?? start();
}

/**
 * The instance to use instead of `old`: a fresh one, started by the first caller that asks (later
 * callers, and wrappers still on `old`, get the same one).
 */
export function replaceInstance(old: WasmInstance): Promise<WasmInstance> {
  if (current && latest !== old) return current;
  return start();
}

// The package's TypeScript libraries leave WebAssembly out; Node has it.
const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: ErrorConstructor } })
  .WebAssembly;

/** What an error thrown from inside RDKit means for its instance. */
export type RDKitFailureKind =
  /** The instance trapped or aborted: it must not be used again. */
  | 'trap'
  /** A C++ exception: the instance goes on, but each one leaks and wears it. */
  | 'exception'
  /** Embind refused a call (a deleted object, a wrong argument): the instance is unharmed. */
  | 'binding';

/**
 * What kind of RDKit failure `err` is, or undefined where it is not RDKit's (a bug of the caller's
 * callback, which goes through unchanged).
 */
export function rdkitFailureKind(err: unknown): RDKitFailureKind | undefined {
  if (err instanceof RuntimeError) return 'trap';
  // A C++ exception is a WebAssembly.Exception, which is not an Error.
  if (!(err instanceof Error)) return 'exception';
  // A stack overflow inside WebAssembly is V8's RangeError, with WebAssembly frames on its stack.
  if (err instanceof RangeError && /wasm:\/\/|wasm-function/.test(err.stack ?? '')) return 'trap';
  // Embind's InternalError means its own bookkeeping is inconsistent: treat the instance as broken.
  if (err.name === 'InternalError') return 'trap';
  if (err.name === 'BindingError') return 'binding';
  return undefined;
}

/** ClassHandle methods that only look at the JavaScript handle, answered without the instance. */
const HANDLE_ANSWERS: Readonly<Record<string, (this: object) => unknown>> = {
  // The instance's memory is dropped whole: there is nothing left to free.
  delete() {
    return undefined;
  },
  deleteLater() {
    return this;
  },
  isDeleted() {
    return true;
  },
};

/**
 * Replaces every method of the instance's classes (molecules, molecule lists, reactions, libraries)
 * and every function of the module with one that throws `RDKIT_FAILED`, so that objects a caller still
 * holds (compiled queries, a molecule in a `finally`) never call into the broken instance again.
 */
function fence(module: MainModule, reason: string): void {
  const refuse = (name: string) =>
    function refused(): never {
      throw new DrugError(
        'RDKIT_FAILED',
        `RDKit's instance broke (${reason}) and was dropped: ${name} on one of its objects was refused; ` +
          'objects made before a failure must be made again on the renewed instance',
        { context: {} },
      );
    };
  const bag = module as unknown as Record<string, unknown>;
  const fenced = new Set<object>();
  for (const [name, value] of Object.entries(bag)) {
    if (typeof value !== 'function') continue;
    const proto = (value as { prototype?: Record<PropertyKey, unknown> }).prototype;
    if (proto && typeof proto.delete === 'function') {
      // An embind class: its own methods, then ClassHandle's (shared by the module's classes).
      let p: object | null = proto;
      while (p && p !== Object.prototype && !fenced.has(p)) {
        fenced.add(p);
        fenceMethods(p, refuse);
        p = Object.getPrototypeOf(p) as object | null;
      }
    } else bag[name] = refuse(name);
  }
}

function fenceMethods(proto: object, refuse: (name: string) => () => never): void {
  for (const key of Reflect.ownKeys(proto)) {
    if (key === 'constructor') continue;
    const d = Object.getOwnPropertyDescriptor(proto, key)!;
    // Embind defines its methods configurable; anything else is left as it is.
    if (!d.configurable) continue;
    const name = String(key);
    const value = HANDLE_ANSWERS[name] ?? refuse(name);
    if (typeof d.value === 'function') Object.defineProperty(proto, key, { ...d, value });
    else if (d.get) Object.defineProperty(proto, key, { ...d, get: refuse(name), set: refuse(name) });
  }
}
