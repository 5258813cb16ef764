// Volume, scraping and bots: per identity, model and source, an adaptive baseline of requests per
// minute (exponentially weighted mean and deviation, decayed across idle minutes) for spikes; a fast
// against a slow average for slow ramps; a comparison with the model's typical caller for new heavy
// hitters; inter-arrival regularity for scripted clients; and many keys from one source address.
// Daily seasonality: per key, the busiest minute seen at each hour of day on earlier days (halved per
// week of absence) raises the spike limit at that hour, and a client that was scripted at the same
// hour on an earlier day is a scheduled batch job, not a new bot.

import { z } from 'zod';
import type { AuditEvent } from '../../audit/event.ts';
import { BoundedMap } from '../lib/bounded.ts';
import { NumberRing } from '../lib/ring.ts';
import { meanVar } from '../lib/stats.ts';
import { type AlertDraft, type Detector, identityKey } from '../types.ts';

const MINUTE = 60_000;

export const volumeOptions = z
  .object({
    maxKeys: z.number().int().min(1).max(10_000_000).default(200_000),
    spike: z
      .object({
        /** Alert when a minute's count exceeds mean + k × deviation of the baseline. */
        k: z.number().positive().default(8),
        minCount: z.number().int().min(1).default(60),
        /** Minutes of history before an identity's own baseline is trusted. */
        warmupMinutes: z.number().int().min(1).default(30),
        halfLifeMinutes: z.number().positive().default(60),
        /** Daily seasonality: the limit is at least `factor` × the busiest minute at this hour (±1 h) on earlier days, plus `slack`. */
        seasonal: z
          .union([
            z
              .object({ factor: z.number().min(1).default(1.5), slack: z.number().min(0).default(5) })
              .strict(),
            z.literal(false),
          ])
          .prefault({}),
      })
      .prefault({}),
    ramp: z
      .object({
        fastHalfLifeMinutes: z.number().positive().default(60),
        slowHalfLifeMinutes: z
          .number()
          .positive()
          .default(3 * 24 * 60),
        /** Alert when the fast average exceeds this multiple of the slow one... */
        factor: z.number().min(1).default(4),
        /** ...and is at least this many requests per minute. */
        minPerMinute: z.number().positive().default(5),
        /** Minutes of history before ramps are judged. */
        warmupMinutes: z
          .number()
          .int()
          .min(1)
          .default(24 * 60),
      })
      .prefault({}),
    peers: z
      .object({
        /** Alert when an identity's fast rate exceeds this multiple of the model's median caller. */
        factor: z.number().min(1).default(50),
        minPerMinute: z.number().positive().default(30),
      })
      .prefault({}),
    regularity: z
      .object({
        enabled: z.boolean().default(true),
        /** Coefficient of variation of gaps below which a client is scripted. */
        maxCv: z.number().positive().default(0.05),
        window: z.number().int().min(10).max(10_000).default(100),
        /** Only clients faster than one request per this many seconds. */
        maxMeanGapSeconds: z.number().positive().default(10),
        /** A client scripted at the same hour of day (±1 h) within this many earlier days is a scheduled job: no alert. */
        scheduledDays: z.number().int().min(0).max(60).default(7),
      })
      .prefault({}),
    sources: z
      .object({
        /** Alert when one source address uses more identities than this within `windowMinutes`. */
        maxIdentities: z.number().int().min(1).default(20),
        windowMinutes: z.number().positive().default(60),
      })
      .prefault({}),
  })
  .strict();

export type VolumeOptions = z.input<typeof volumeOptions>;

interface Rate {
  minute: number;
  count: number;
  mean: number;
  dev: number;
  fast: number;
  slow: number;
  minutes: number;
  lastAt: number;
  gaps?: NumberRing;
  /** Whether the last regularity test found the client scripted (alerts fire on the change only). */
  regular?: boolean;
  /** Per hour of day (allocated once a minute reaches `SEASON_MIN`): see `Season`. */
  season?: Season;
  /** Per hour of day, the last day (epoch days + 1) the client was scripted then; 0 = never. */
  scriptedDay?: Int32Array;
}

/** Per hour of day: the busiest minute on the current day there, the decayed peak of earlier days, and that day. */
interface Season {
  readonly today: Float32Array;
  readonly earlier: Float32Array;
  readonly day: Int32Array;
}

/** Minutes with fewer requests than this never allocate seasonal state (most callers never do). */
const SEASON_MIN = 5;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Records a finished minute's count in its hour-of-day slot. */
export function seasonRecord(s: Season, minute: number, count: number): void {
  const at = minute * MINUTE;
  const h = Math.floor((at % DAY) / HOUR);
  const day = Math.floor(at / DAY) + 1;
  if (s.day[h] !== day) {
    if (s.day[h]! > 0) {
      const weeks = (day - s.day[h]!) / 7;
      s.earlier[h] = Math.max(s.today[h]!, s.earlier[h]!) * 2 ** -Math.max(0, weeks - 1 / 7);
    }
    s.day[h] = day;
    s.today[h] = 0;
  }
  if (count > s.today[h]!) s.today[h] = count;
}

/** The busiest minute at this hour of day (±1 h) on days before `at`'s day. */
export function seasonPeak(s: Season, at: number): number {
  const h = Math.floor((at % DAY) / HOUR);
  const day = Math.floor(at / DAY) + 1;
  let peak = 0;
  for (const k of [h - 1, h, h + 1]) {
    const i = (k + 24) % 24;
    if (s.day[i] === 0) continue;
    const v = s.day[i] === day ? s.earlier[i]! : Math.max(s.earlier[i]!, s.today[i]!);
    if (v > peak) peak = v;
  }
  return peak;
}

export function newSeason(): Season {
  return { today: new Float32Array(24), earlier: new Float32Array(24), day: new Int32Array(24) };
}

/** The volume detector. */
export function createVolumeDetector(input: VolumeOptions = {}): Detector {
  const o = volumeOptions.parse(input);
  const rates = new BoundedMap<string, Rate>(o.maxKeys);
  const sources = new BoundedMap<string, Map<string, number>>(o.maxKeys);
  // Per model, an exponentially weighted median estimate of callers' fast rates (stochastic approximation).
  const peerMedian = new Map<string, number>();
  const a = (h: number) => 1 - 2 ** (-1 / h);
  const aSpike = a(o.spike.halfLifeMinutes);
  const aFast = a(o.ramp.fastHalfLifeMinutes);
  const aSlow = a(o.ramp.slowHalfLifeMinutes);
  const seasonal = o.spike.seasonal;

  /** Closes minutes up to `minute`: the finished one with its count, idle ones as zeros (closed form). */
  const roll = (r: Rate, minute: number) => {
    if (minute <= r.minute) return;
    const step = (c: number, n: number) => {
      if (r.minutes === 0) {
        // The first finished minute seeds the averages (no pull towards zero from an empty start).
        // The fast (1-hour) average starts from zero: one busy first minute is not a busy hour.
        r.mean = r.slow = c;
        r.fast = aFast * c;
        r.dev = Math.sqrt(c);
        r.minutes = n;
        return;
      }
      const keep = (1 - aSpike) ** n;
      r.dev = r.dev * keep + (1 - keep) * Math.abs(c - r.mean);
      r.mean = r.mean * keep + (1 - keep) * c;
      r.fast = r.fast * (1 - aFast) ** n + (1 - (1 - aFast) ** n) * c;
      r.slow = r.slow * (1 - aSlow) ** n + (1 - (1 - aSlow) ** n) * c;
      r.minutes += n;
    };
    step(r.count, 1);
    if (seasonal && (r.season || r.count >= SEASON_MIN))
      seasonRecord((r.season ??= newSeason()), r.minute, r.count);
    const idle = Math.min(minute - r.minute - 1, 100_000);
    if (idle > 0) step(0, idle);
    r.minute = minute;
    r.count = 0;
  };

  const track = (
    kind: string,
    id: string,
    at: number,
    model: string,
    e: AuditEvent,
    emit: (x: AlertDraft) => void,
  ) => {
    const minute = Math.floor(at / MINUTE);
    const key = `${kind}\u0000${id}`;
    const r = rates.upsert(key, () => ({
      minute,
      count: 0,
      mean: 0,
      dev: 0,
      fast: 0,
      slow: 0,
      minutes: 0,
      lastAt: at,
    }));
    roll(r, minute);
    r.count++;
    const base = {
      identities: kind === 'identity' ? [id] : [identityKey(e)],
      models: model ? [model] : [],
      sources: [e.source.ip],
      requestIds: [e.requestId],
      at,
    };
    const ewmaLimit = r.mean + o.spike.k * Math.max(r.dev, Math.sqrt(r.mean), 1);
    const peak = seasonal && r.season ? seasonPeak(r.season, at) : 0;
    const limit =
      peak > 0 && seasonal ? Math.max(ewmaLimit, seasonal.factor * peak + seasonal.slack) : ewmaLimit;
    // Raised once per minute, when the count first crosses the limit.
    if (r.minutes >= o.spike.warmupMinutes && r.count === Math.max(o.spike.minCount, Math.floor(limit) + 1))
      emit({
        ...base,
        detector: 'volume.spike',
        severity: 'medium',
        key: `volume.spike:${key}`,
        summary: `${kind} ${id}: ${r.count} requests this minute against a baseline of ${r.mean.toFixed(1)} ± ${r.dev.toFixed(1)}`,
        evidence: {
          perMinute: r.count,
          baseline: round(r.mean),
          deviation: round(r.dev),
          limit: round(limit),
          k: o.spike.k,
          seasonalPeak: peak,
        },
      });
    if (kind === 'identity') {
      // Fast average including the current partial minute, for ramps and peers.
      const fastNow = r.fast * (1 - aFast) + aFast * r.count;
      if (
        r.minutes >= o.ramp.warmupMinutes &&
        fastNow >= o.ramp.minPerMinute &&
        fastNow > o.ramp.factor * Math.max(r.slow, 1e-9)
      )
        emit({
          ...base,
          detector: 'volume.ramp',
          severity: 'medium',
          key: `volume.ramp:${key}`,
          summary: `identity ${id} ramped to ${fastNow.toFixed(1)}/min, ${(fastNow / Math.max(r.slow, 1e-9)).toFixed(1)}× its ${o.ramp.slowHalfLifeMinutes / 1440}-day average`,
          evidence: { fastPerMinute: round(fastNow), slowPerMinute: round(r.slow), factor: o.ramp.factor },
        });
      if (model) {
        const med = peerMedian.get(model) ?? fastNow;
        // Robbins–Monro step towards the median of callers' rates, sampled once per event.
        peerMedian.set(model, med + 0.001 * Math.max(med, 0.01) * (fastNow > med ? 1 : -1));
        if (fastNow >= o.peers.minPerMinute && fastNow > o.peers.factor * med)
          emit({
            ...base,
            detector: 'volume.peers',
            severity: 'medium',
            key: `volume.peers:${key}`,
            summary: `identity ${id} calls ${model} at ${fastNow.toFixed(1)}/min, ${(fastNow / med).toFixed(0)}× the typical caller`,
            evidence: {
              fastPerMinute: round(fastNow),
              peerMedianPerMinute: round(med),
              factor: o.peers.factor,
            },
          });
      }
      if (o.regularity.enabled) {
        r.gaps ??= new NumberRing(o.regularity.window);
        r.gaps.push(at - r.lastAt);
        if (r.gaps.size >= o.regularity.window) {
          const { mean, variance } = meanVar(r.gaps.values());
          const cv = mean > 0 ? Math.sqrt(variance) / mean : 0;
          const regular =
            mean > 0 && mean <= o.regularity.maxMeanGapSeconds * 1000 && cv < o.regularity.maxCv;
          const h = Math.floor((at % DAY) / HOUR);
          const today = Math.floor(at / DAY) + 1;
          let scheduled = false;
          if (regular && o.regularity.scheduledDays > 0) {
            r.scriptedDay ??= new Int32Array(24);
            for (const k of [h - 1, h, h + 1]) {
              const d = r.scriptedDay[(k + 24) % 24]!;
              if (d > 0 && d < today && today - d <= o.regularity.scheduledDays) scheduled = true;
            }
            r.scriptedDay[h] = today;
          }
          // One alert when a client turns scripted (not one per request while it stays so); none for
          // a scheduled job seen scripted at this hour on an earlier day.
          const turned = regular && !r.regular;
          r.regular = regular;
          if (turned && !scheduled)
            emit({
              ...base,
              detector: 'volume.regular',
              severity: 'low',
              key: `volume.regular:${key}`,
              summary: `identity ${id} sends at machine-regular intervals (${(mean / 1000).toFixed(2)} s ± ${(cv * 100).toFixed(1)}%)`,
              evidence: {
                meanGapMs: round(mean),
                cv: round(cv),
                maxCv: o.regularity.maxCv,
                window: r.gaps.size,
              },
            });
        }
      }
    }
    r.lastAt = at;
  };

  return {
    name: 'volume',
    stateSize: () => rates.size + sources.size,
    observe(e, at, emit) {
      const model = e.request.model ?? '';
      const who = identityKey(e);
      if (e.identity.kind !== 'anonymous') track('identity', who, at, model, e, emit);
      if (model) track('model', model, at, model, e, emit);
      track('source', e.source.ip, at, model, e, emit);
      if (e.identity.kind === 'anonymous') return;
      const seen = sources.upsert(e.source.ip, () => new Map());
      seen.delete(who);
      seen.set(who, at);
      const horizon = at - o.sources.windowMinutes * MINUTE;
      for (const [id, t] of seen) {
        if (t >= horizon) break;
        seen.delete(id);
      }
      if (seen.size > o.sources.maxIdentities) {
        seen.delete(seen.keys().next().value!);
        emit({
          detector: 'volume.source_keys',
          severity: 'high',
          key: `volume.source_keys:${e.source.ip}`,
          summary: `source ${e.source.ip} used more than ${o.sources.maxIdentities} identities within ${o.sources.windowMinutes} min`,
          evidence: {
            identities: seen.size + 1,
            limit: o.sources.maxIdentities,
            windowMinutes: o.sources.windowMinutes,
          },
          identities: [...seen.keys()].slice(-20),
          models: model ? [model] : [],
          sources: [e.source.ip],
          requestIds: [e.requestId],
          at,
        });
      }
    },
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
