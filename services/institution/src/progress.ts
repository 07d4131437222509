/**
 * A one-line progress bar on a TTY stream (steps, steps/s, ETA); on a non-TTY stream a line
 * every 10% so logs of long runs still show progress.
 */
export function progressBar(out: NodeJS.WriteStream): { update: (step: number, total: number) => void; done: () => void } {
  const t0 = Date.now();
  let lastDecile = -1;
  let lastDraw = 0;
  let shown = false;
  return {
    update(step, total) {
      const n = step + 1;
      const now = Date.now();
      const rate = n / Math.max(0.001, (now - t0) / 1000);
      if (out.isTTY) {
        if (now - lastDraw < 100 && n < total) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round((n / total) * width);
        const eta = rate > 0 ? Math.max(0, (total - n) / rate) : 0;
        out.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${n}/${total} steps  ${rate.toFixed(0)} steps/s  eta ${eta.toFixed(0)}s `);
        shown = true;
      } else {
        const decile = Math.floor((n / total) * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          out.write(`progress: ${n}/${total} steps (${rate.toFixed(0)} steps/s)\n`);
        }
      }
    },
    done() {
      if (shown) out.write('\n');
    },
  };
}
