// A map with a hard size cap that evicts the least recently used entry: every detector keeps its
// per-identity and per-model state in one of these, so memory stays bounded whatever the traffic.

export class BoundedMap<K, V> {
  readonly #max: number;
  readonly #map = new Map<K, V>();
  evicted = 0;

  constructor(max: number) {
    if (!(max >= 1)) throw new Error('BoundedMap needs max >= 1');
    this.#max = max;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The value, marked as recently used. */
  get(key: K): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }

  /** The value without touching recency. */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  set(key: K, value: V): void {
    if (this.#map.has(key)) this.#map.delete(key);
    else if (this.#map.size >= this.#max) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) {
        this.#map.delete(oldest.value);
        this.evicted++;
      }
    }
    this.#map.set(key, value);
  }

  /** The value for key, created by `make` when absent. */
  upsert(key: K, make: () => V): V {
    const v = this.get(key);
    if (v !== undefined) return v;
    const created = make();
    this.set(key, created);
    return created;
  }

  delete(key: K): void {
    this.#map.delete(key);
  }

  entries(): IterableIterator<[K, V]> {
    return this.#map.entries();
  }
}
