// A one-line progress bar with bytes/s for long hashes. Written to stderr and only when stderr is a
// terminal, so piped output and logs stay clean.

export interface Progress {
  add(bytes: number): void;
  done(): void;
}

const NOOP: Progress = { add() {}, done() {} };

/** A progress bar over `total` bytes, or a no-op when stderr is not a TTY or `enabled` is false. */
export function progressBar(total: number, label: string, enabled = true): Progress {
  const out = process.stderr;
  if (!enabled || !out.isTTY || total <= 0) return NOOP;
  const started = performance.now();
  let doneBytes = 0;
  let lastDraw = 0;
  const draw = (final: boolean) => {
    const now = performance.now();
    if (!final && now - lastDraw < 100) return;
    lastDraw = now;
    const frac = Math.min(1, doneBytes / total);
    const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 50));
    const fill = Math.round(frac * width);
    const rate = doneBytes / Math.max(0.001, (now - started) / 1000);
    out.write(
      `\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ` +
        `${formatBytes(doneBytes)}/${formatBytes(total)} ${formatBytes(rate)}/s\u001b[K`,
    );
    if (final) out.write('\n');
  };
  return {
    add(bytes) {
      doneBytes += bytes;
      draw(false);
    },
    done() {
      draw(true);
    },
  };
}

/** `1536` → `1.5 KiB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
