// The guard registry, built from the folders: every `src/guards/<name>/index.ts` that default-exports
// a GuardModule is a guard named <name>. Adding a guard is adding a folder; nothing central changes.

import { readdirSync, statSync } from 'node:fs';
import { isCode } from '../errors/index.ts';
import { commonSchema, formatIssue, type RoleChoice, splitOptions } from './lib/options.ts';
import type { Action, Check, GuardHooks, GuardManifest, GuardModule, Stage } from './types.ts';

/** Folders under src/guards that hold something other than guards. */
const NOT_GUARDS = new Set(['lib', 'eval']);

/** A guard ready to run on one route: its check, hooks and the route's choices for it. */
export interface LoadedGuard {
  readonly name: string;
  readonly manifest: GuardManifest<unknown>;
  readonly check: Check;
  readonly hooks: GuardHooks;
  readonly stages: ReadonlySet<Stage>;
  /** Route default for this guard's findings. */
  readonly action: Action;
  /** Finding type → action, over `action` (`credit_card: block` while e-mails are masked). */
  readonly actions: Readonly<Record<string, Action>>;
  /** Role → action (or per-type actions); a caller with several overridden roles gets the strictest. */
  readonly roles: Readonly<Record<string, RoleChoice>>;
  readonly onError: 'deny' | 'allow';
}

export type LoadResult = { ok: true; value: LoadedGuard[] } | { ok: false; error: string };

type Loader = () => Promise<GuardModule<unknown>>;

let discovered: Map<string, Loader> | undefined;

/** Names of the guard folders, found once per process; modules are imported only when configured. */
export function discoverGuards(): ReadonlyMap<string, Loader> {
  if (discovered) return discovered;
  const dir = new URL('./', import.meta.url);
  const found = new Map<string, Loader>();
  for (const name of readdirSync(dir).sort()) {
    if (NOT_GUARDS.has(name) || !/^[a-z][a-z0-9_]*$/.test(name)) continue;
    const index = new URL(`./${name}/index.ts`, dir);
    try {
      if (!statSync(new URL(`./${name}/`, dir)).isDirectory() || !statSync(index).isFile()) continue;
    } catch {
      continue;
    }
    found.set(name, async () => (await import(index.href)).default as GuardModule<unknown>);
  }
  discovered = found;
  return found;
}

function isGuardModule(m: unknown): m is GuardModule<unknown> {
  const g = m as GuardModule<unknown> | undefined;
  return Boolean(g && typeof g.create === 'function' && g.manifest && typeof g.manifest.name === 'string');
}

/**
 * Validates a route's guard config (guard name → options) and builds each guard's check.
 * `modules` replaces the discovered folders (tests, embedders). Errors name the path:
 * `guards.injection.threshold: expected number`.
 *
 * @example
 * const r = await loadGuards({ secrets: { action: 'mask' }, unicode: null });
 * if (!r.ok) throw new Error(r.error);
 */
export async function loadGuards(
  config: Record<string, unknown>,
  modules?: ReadonlyMap<string, GuardModule<unknown>>,
): Promise<LoadResult> {
  const available = modules ?? discoverGuards();
  const out: LoadedGuard[] = [];
  for (const [name, value] of Object.entries(config)) {
    const at = `guards.${name}`;
    if (value === false) continue;
    if (
      value !== null &&
      value !== undefined &&
      value !== true &&
      (typeof value !== 'object' || Array.isArray(value))
    )
      return { ok: false, error: `${at}: expected an object of options (or nothing)` };
    const entry = available.get(name);
    if (!entry)
      return { ok: false, error: `${at}: unknown guard (known: ${[...available.keys()].join(', ')})` };
    let mod: GuardModule<unknown>;
    try {
      mod = typeof entry === 'function' ? await (entry as Loader)() : entry;
    } catch (err) {
      return { ok: false, error: `${at}: the guard failed to load: ${(err as Error).message}` };
    }
    if (!isGuardModule(mod) || mod.manifest.name !== name)
      return {
        ok: false,
        error: `${at}: src/guards/${name}/index.ts does not default-export a guard named ${name}`,
      };
    // Its denial code must be in the catalogue (and docs/errors.md) before it can refuse anything.
    if (!isCode(`guard.${name}`))
      return { ok: false, error: `${at}: no denial code guard.${name} in src/errors/catalogue.ts` };
    const { common, own } = splitOptions(value);
    const c = commonSchema.safeParse(common);
    if (!c.success) return { ok: false, error: formatIssue(at, c.error) };
    const o = mod.manifest.config.safeParse(own);
    if (!o.success) return { ok: false, error: formatIssue(at, o.error) };
    const unknownType = unknownFindingType(mod.manifest.findingTypes, c.data.actions, c.data.roles);
    if (unknownType)
      return {
        ok: false,
        error: `${at}.${unknownType}: ${name} reports no such finding type (known: ${mod.manifest.findingTypes!.join(', ')})`,
      };
    const stages = new Set<Stage>(mod.manifest.stages);
    if (c.data.stages) {
      for (const s of c.data.stages)
        if (!stages.has(s)) return { ok: false, error: `${at}.stages: ${name} does not run on ${s}` };
      for (const s of [...stages]) if (!c.data.stages.includes(s)) stages.delete(s);
    }
    let check: Check;
    try {
      check = await mod.create(o.data);
    } catch (err) {
      return { ok: false, error: `${at}: ${(err as Error).message}` };
    }
    out.push({
      name,
      manifest: mod.manifest,
      check,
      hooks: mod.hooks?.(o.data) ?? {},
      stages,
      action: c.data.action ?? mod.manifest.defaultAction,
      actions: c.data.actions ?? {},
      roles: c.data.roles ?? {},
      onError: c.data.on_error,
    });
  }
  return { ok: true, value: out };
}

/** The config path of the first per-type action naming a type the guard does not report, if any. */
function unknownFindingType(
  known: readonly string[] | undefined,
  actions: Readonly<Record<string, Action>> | undefined,
  roles: Readonly<Record<string, RoleChoice>> | undefined,
): string | undefined {
  if (!known) return undefined;
  const ok = new Set(known);
  for (const t of Object.keys(actions ?? {})) if (!ok.has(t)) return `actions.${t}`;
  for (const [role, choice] of Object.entries(roles ?? {}))
    if (typeof choice === 'object')
      for (const t of Object.keys(choice.actions ?? {})) if (!ok.has(t)) return `roles.${role}.actions.${t}`;
  return undefined;
}
