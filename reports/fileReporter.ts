import { join } from 'node:path';
import type { RunResults } from '../core/results.js';
import type { Reporter, RunPlan } from './reporter.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * A reporter that renders the whole run into one file, `<outDir>/<fileName>`, written atomically
 * when the run ends. `outDir` comes from the RunPlan handed to onRunBegin.
 */
export class RunFileReporter implements Reporter {
  private outDir: string | undefined;
  private written: string | undefined;

  constructor(
    readonly name: string,
    readonly fileName: string,
    private readonly render: (run: RunResults) => string,
  ) {}

  onRunBegin(plan: RunPlan): void {
    this.outDir = plan.outDir;
  }

  async onRunEnd(run: RunResults): Promise<void> {
    if (this.outDir === undefined) {
      throw new Error(`${this.name} reporter: no output directory (onRunBegin was not called)`);
    }
    const path = join(this.outDir, this.fileName);
    await writeFileAtomic(path, this.render(run));
    this.written = path;
  }

  /** Path of the file written by the last onRunEnd, if any. */
  get path(): string | undefined {
    return this.written;
  }
}
