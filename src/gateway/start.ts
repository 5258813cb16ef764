// Builds a running gateway from config: opens the store and shared state, the audit log, identity,
// policy, limits and guards, then listens. The only place the parts are wired together.

import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';
import { createAuditLog } from '../audit/index.ts';
import type { Config } from '../config/index.ts';
import { createGuardSet } from '../guards/index.ts';
import * as pii from '../guards/pii/index.ts';
import { createIdentifier, createJwtVerifier, type Identity } from '../identity/index.ts';
import { createKeyVerifier } from '../identity/keys/index.ts';
import { deny } from '../errors/index.ts';
import { createLimiter } from '../limits/index.ts';
import { PERTURB_PREFIX, type RollbackHook, THROTTLE_PREFIX } from '../incidents/actions.ts';
import { perturbOptions } from '../incidents/index.ts';
import { createMonitor, type Monitor, monitorConfig } from '../monitor/index.ts';
import {
  type Blobs,
  type GatePolicy,
  loadBlobEncryption,
  loadTrustPolicy,
  migrateRegistry,
  previousHolder,
  resolveAlias,
  rollbackVerified,
} from '../registry/index.ts';
import { createAuthorizer } from '../policy/index.ts';
import { createState, type State } from '../state/index.ts';
import { openStore, type Store } from '../store/index.ts';
import type { Action, AdminHandler, Authorizer, GatewayDeps, GuardSet, ModelRoute } from './deps.ts';
import { loadResponseKeys } from './encrypt.ts';
import { createMetrics } from './metrics.ts';
import { type Listening, listen } from './server.ts';
import { createUpstream } from './upstream/client.ts';

export interface RunningGateway {
  readonly url: string;
  readonly node: string;
  readonly store: Store;
  readonly state: State;
  readonly deps: GatewayDeps;
  close(): Promise<void>;
}

export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}

/** Starts a gateway. Configuration problems reject with a StartError that says what and where. */
export interface StartOptions {
  readonly log?: Logger;
  /** Builds the operators' API (/admin) from the opened store and state. */
  readonly admin?: (parts: { store: Store; state: State }) => AdminHandler;
}

export async function startGateway(config: Config, opts: StartOptions = {}): Promise<RunningGateway> {
  const log =
    opts.log ?? pino({ level: config.log.level, base: undefined, redact: ['req.headers.authorization'] });
  const node = config.node ?? hostname();
  const authz = await createAuthorizer({ extraPolicyFiles: config.policy.files });
  if (!authz.ok) throw new StartError(authz.denial.message);

  const store = await openStore(config.store);
  const state = await createState(config.state);
  const audit = await createAuditLog({
    store,
    node,
    durability: config.audit.durability,
    checkpoint: {
      every: config.audit.checkpointEvery,
      intervalMs: config.audit.checkpointInterval,
      keyFile: config.audit.keyFile,
    },
  });
  const keys = config.identity.apiKeys ? createKeyVerifier(store) : undefined;
  const identifier = createIdentifier({
    keys,
    jwt: config.identity.jwt ? createJwtVerifier(config.identity.jwt) : undefined,
    mtls: config.identity.mtls,
  });

  const models = new Map<string, ModelRoute>();
  for (const m of config.models) {
    const guardConfig = m.guards ?? config.guards;
    const guards =
      Object.keys(guardConfig).length > 0
        ? await createGuardSet(guardConfig, { budgetMs: config.guardBudget, state })
        : undefined;
    if (guards && !guards.ok) throw new StartError(`models[${m.name}].guards: ${guards.error}`);
    const withPii = guards?.ok && guardConfig.pii !== undefined && guardConfig.pii !== false;
    const set: GuardSet | undefined = guards?.ok
      ? withPii
        ? { ...guards.value, restore: pii.restore, openRestorer: pii.openStreamRestorer }
        : guards.value
      : undefined;
    models.set(m.name, {
      config: m,
      upstream: createUpstream(m.upstream),
      guards: set,
      pinned: m.registry ? await pinTo(store, m.registry) : undefined,
    });
  }

  const authorizer: Authorizer = {
    authorize: ({ identity, action, resource, context }) =>
      authz.value.authorize({
        principal: principalOf(identity),
        action: action as Action,
        resource: { type: resource.type, id: resource.id, attrs: resource.attrs },
        context: { source: context.source, stream: context.stream, route: context.route },
      }),
  };

  let responseKeys: Awaited<ReturnType<typeof loadResponseKeys>>;
  try {
    responseKeys = await loadResponseKeys(config.identity.responseKeys);
  } catch (err) {
    throw new StartError((err as Error).message);
  }
  let monitor: Monitor | undefined;
  if (config.monitor) {
    const parsed = monitorConfig.safeParse(config.monitor);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new StartError(`monitor.${issue.path.join('.')}: ${issue.message}`);
    }
    monitor = createMonitor(parsed.data, {
      store,
      flags: state.flags,
      log,
      rollback: rollbackHook(store, config),
    });
  }
  const metrics = config.metrics.enabled ? createMetrics(config.models.map((m) => m.name)) : undefined;
  let ready = false;
  const deps: GatewayDeps = {
    node,
    bodyLimit: config.listen.bodyLimit,
    identifier,
    authorizer,
    limiter: createLimiter(state, config.limits),
    audit,
    flags: actionFlags(state),
    models,
    metrics,
    ready: () => ready,
    responseKeys,
    admin: opts.admin?.({ store, state }),
    onEvent: monitor ? (event) => monitor.consume(event) : undefined,
    log,
  };
  let listening: Listening;
  try {
    listening = await listen(deps, config.listen);
  } catch (err) {
    await audit.close();
    await state.close();
    await store.close();
    throw new StartError(
      `cannot listen on ${config.listen.host}:${config.listen.port}: ${(err as Error).message}`,
    );
  }
  ready = true;
  // The listening record is printed at any level but silent: operators and supervisors wait for it.
  const announce = config.log.level === 'silent' ? log : log.child({}, { level: 'info' });
  announce.info({ url: listening.url, node, models: config.models.length }, 'listening');
  return {
    url: listening.url,
    node,
    store,
    state,
    deps,
    async close() {
      ready = false;
      await listening.close();
      for (const m of models.values()) await m.upstream.pool.close();
      await monitor?.close();
      await audit.close();
      await keys?.close();
      await state.close();
      await store.close();
    },
  };
}

function principalOf(identity: Identity) {
  return {
    id: identity.id,
    kind: identity.kind,
    roles: identity.roles,
    models: identity.models,
    tenant: identity.tenant,
  };
}

/** A model pinned to `NAME@alias`: every call records the version and digest the alias points at then. */
async function pinTo(store: Store, ref: string): Promise<NonNullable<ModelRoute['pinned']>> {
  await migrateRegistry(store);
  const at = ref.lastIndexOf('@');
  const name = ref.slice(0, at);
  const alias = ref.slice(at + 1);
  return async () => {
    const v = await resolveAlias(store, name, alias);
    if (!v) return deny('registry.unverified', `The pinned model ${ref} has no version in the registry.`);
    return { version: `${name}@${v.version}`, digest: v.rootDigest };
  };
}

/**
 * The monitor's rollback action for a model pinned to `NAME@alias`: moves the alias to `toVersion`, or
 * to the newest earlier version that held it, through the registry's verified rollback (stored bytes
 * re-hashed, signature re-checked where `signed` is a gate, target known-good for the alias). Models
 * without a registry pin cannot be rolled back.
 */
export function rollbackHook(store: Store, config: Config): RollbackHook {
  let settings: Promise<{ blobs: Blobs; policy: GatePolicy }> | undefined;
  const load = async () => {
    const reg = config.registry;
    let trust;
    if (reg.trust) {
      const t = await loadTrustPolicy(reg.trust);
      if (!t.ok) throw new Error(`registry.trust: ${t.errors.join('; ')}`);
      trust = t.policy;
    }
    const blobs: Blobs = reg.encryption
      ? { dir: reg.dir, encryption: loadBlobEncryption(reg.encryption) }
      : reg.dir;
    return { blobs, policy: { gates: reg.gates, trust, scanBelow: reg.scanBelow, riskMax: reg.riskMax } };
  };
  return async (model, toVersion) => {
    const pin = config.models.find((m) => m.name === model)?.registry;
    if (!pin) return { ok: false, detail: `model ${model} is not pinned to a registry alias` };
    const at = pin.lastIndexOf('@');
    const [name, alias] = [pin.slice(0, at), pin.slice(at + 1)];
    const current = await resolveAlias(store, name, alias);
    if (!current) return { ok: false, detail: `${pin} points at no version` };
    const target =
      toVersion !== undefined
        ? Number(toVersion.replace(/^.*@/, ''))
        : await previousHolder(store, name, alias, current.version);
    if (target === undefined || !Number.isInteger(target) || target < 1)
      return { ok: false, detail: `no earlier version of ${name} held ${alias}` };
    settings ??= load();
    const { blobs, policy } = await settings.catch((err: unknown) => {
      settings = undefined; // a fixed file is read again on the next attempt
      throw err;
    });
    const r = await rollbackVerified(store, {
      name,
      to: target,
      alias,
      actor: 'monitor',
      blobDir: blobs,
      policy,
    });
    return r.ok
      ? { ok: true, detail: `${name}@${alias} → version ${target}` }
      : { ok: false, detail: r.error };
  };
}

/** The gateway's view of enforcement flags: blocks, and the parameters of throttles and perturbations. */
function actionFlags(state: State): GatewayDeps['flags'] {
  const parsed = new Map<string, unknown>();
  const reason = (kind: 'identity', id: string): Record<string, unknown> | undefined => {
    const f = state.flags.get(kind, id);
    if (!f) return undefined;
    let v = parsed.get(f.reason);
    if (v === undefined) {
      try {
        v = JSON.parse(f.reason);
      } catch {
        v = null;
      }
      if (parsed.size > 10_000) parsed.clear();
      parsed.set(f.reason, v);
    }
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  };
  return {
    blocked: (kind, id) => state.flags.check(kind, id),
    throttle(identity) {
      const p = reason('identity', `${THROTTLE_PREFIX}${identity}`)?.perMinute;
      return typeof p === 'number' && p >= 0 ? p : undefined;
    },
    perturbation(identity) {
      const p = perturbOptions.safeParse(reason('identity', `${PERTURB_PREFIX}${identity}`)?.perturb);
      return p.success ? p.data : undefined;
    },
  };
}
