import type { Clock } from '../../src/core/aws/ports';

/** A clock that moves only when someone sleeps (or a test says so): no test ever waits. */
export class StepClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public t = Date.parse('2026-11-30T12:00:00Z')) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
