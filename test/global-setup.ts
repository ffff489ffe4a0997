import { execFileSync } from 'node:child_process';

/** The CLI tests run the built bin: build once so they never test a stale dist/. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
