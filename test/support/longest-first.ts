import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that took longest in a measured full run (seconds, quiet 2-core
 * machine), longest first. Started first, they overlap the many short files
 * instead of running alone at the end: vitest's own order (by project name,
 * then by file size when it has no cache, as on CI) started the 103 s README
 * demo after 150 s. A file missing here only loses its head start.
 */
const LONGEST = [
  'test/docs/readme-demo.test.ts', // 103: npm install and build in a fresh checkout
  'server/cli/parley.test.ts', // 53
  'test/system/scale-out.test.ts', // 44
  'test/chaos/offline-visitor.test.ts', // 36
  'test/system/crash-restart.test.ts', // 33
  'test/chaos/soak-smoke.test.ts', // 28
  'server/http/visitor-data.test.ts', // 25
  'test/chaos/sigkill-burst.test.ts', // 21
  'server/relay/queue-waits.test.ts', // 20
  'server/cli/setup-8x8.test.ts', // 19
  'server/relay/outbox.test.ts', // 18
  'server/http/availability-agents.test.ts', // 16
  'test/security/fuzz.test.ts', // 15
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONGEST.indexOf(relative(this.ctx.config.root, file.moduleId));
      return index < 0 ? LONGEST.length : index;
    };
    // Array.prototype.sort is stable: the others keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
