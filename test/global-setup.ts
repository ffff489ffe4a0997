import { execFileSync } from 'node:child_process';

/** The CLI tests run the shipped bundle: build it once so they never test a stale dist/. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/build/bundle.js'], { stdio: 'inherit' });
}
