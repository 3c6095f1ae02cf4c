import { SingleBar } from 'cli-progress';
import pc from 'picocolors';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/**
 * Progress of long work on stderr: a bar where someone watches, a line per tenth in logs and CI, nothing for
 * a few items (they finish before a bar would help).
 */
export function progress(total: number, what: string, minimum = 4): Progress {
  if (total < minimum) return { update: () => {}, stop: () => {} };
  if (!process.stderr.isTTY) {
    let reported = 0;
    return {
      update(done) {
        const tenth = Math.floor((done / total) * 10);
        if (tenth > reported) {
          reported = tenth;
          console.error(pc.dim(`${what}: ${done}/${total}`));
        }
      },
      stop: () => {},
    };
  }
  const bar = new SingleBar({
    format: `${what} [{bar}] {value}/{total}  {eta_formatted} left`,
    hideCursor: true,
  });
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
