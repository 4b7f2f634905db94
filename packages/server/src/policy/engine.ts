import {
  type DecisionResult,
  decide,
  loadPolicyFile,
  loadProfileFile,
  type Policy,
  type Profile,
  type ToolCall,
} from "@faramesh/policy-engine";

/** The policy and profile in force, swapped whole: no decision ever sees half of either. */
export interface EngineState {
  policy: Policy;
  profile: Profile | null;
  loadedAt: string;
}

export type ReloadResult =
  | { ok: true; state: EngineState }
  | { ok: false; errors: string[]; state: EngineState };

export interface EngineOptions {
  policyFile: string | null;
  profileFile: string | null;
  policyVersion: string | null;
  runtimeVersion: string;
  clock?: () => Date;
}

/**
 * Holds the policy in force and decides with it. A reload validates the policy and the profile
 * completely before swapping both in one assignment; a bad file leaves the last good state.
 */
export class DecisionEngine {
  #state: EngineState;
  #lastError: string[] | null = null;
  readonly runtimeVersion: string;

  private constructor(
    state: EngineState,
    private readonly options: EngineOptions,
  ) {
    this.#state = state;
    this.runtimeVersion = options.runtimeVersion;
  }

  /** Loads the files; a missing or invalid policy or profile is an error, never ignored. */
  static async load(
    options: EngineOptions,
  ): Promise<{ ok: true; engine: DecisionEngine } | { ok: false; errors: string[] }> {
    const loaded = await loadState(options);
    if (!loaded.ok) return loaded;
    return { ok: true, engine: new DecisionEngine(loaded.state, options) };
  }

  /** An engine over an already-parsed policy (tests, embedding). */
  static fromPolicy(
    policy: Policy,
    options: Partial<EngineOptions> & { runtimeVersion: string },
  ): DecisionEngine {
    const full = { policyFile: null, profileFile: null, policyVersion: null, ...options };
    const state = {
      policy,
      profile: null,
      loadedAt: (options.clock ?? (() => new Date()))().toISOString(),
    };
    return new DecisionEngine(state, full);
  }

  get state(): EngineState {
    return this.#state;
  }

  get lastError(): string[] | null {
    return this.#lastError;
  }

  get policyFile(): string | null {
    return this.options.policyFile;
  }

  get profileFile(): string | null {
    return this.options.profileFile;
  }

  /** Decides with the state in force, or with a state taken earlier (so one request sees one policy). */
  decide(action: ToolCall, state: EngineState = this.#state): DecisionResult {
    return decide(action, {
      policy: state.policy,
      profile: state.profile,
      runtimeVersion: this.runtimeVersion,
    });
  }

  async reload(): Promise<ReloadResult> {
    const loaded = await loadState(this.options);
    if (!loaded.ok) {
      this.#lastError = loaded.errors;
      return { ok: false, errors: loaded.errors, state: this.#state };
    }
    this.#state = loaded.state;
    this.#lastError = null;
    return { ok: true, state: this.#state };
  }
}

async function loadState(
  options: EngineOptions,
): Promise<{ ok: true; state: EngineState } | { ok: false; errors: string[] }> {
  if (options.policyFile === null) return { ok: false, errors: ["no policy file is configured"] };
  const version = options.policyVersion ?? undefined;
  const [policy, profile] = await Promise.all([
    loadPolicyFile(options.policyFile, version === undefined ? {} : { version }),
    options.profileFile === null ? null : loadProfileFile(options.profileFile),
  ]);
  const errors = [
    ...(policy.ok ? [] : policy.errors),
    ...(profile === null || profile.ok ? [] : profile.errors),
  ];
  if (!policy.ok || (profile !== null && !profile.ok)) return { ok: false, errors };
  const loadedAt = (options.clock ?? (() => new Date()))().toISOString();
  return {
    ok: true,
    state: { policy: policy.policy, profile: profile?.profile ?? null, loadedAt },
  };
}
