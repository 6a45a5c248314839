import { describeAwsError, isAwsError } from '../../core/aws/errors';
import type { Cancellation, ChangeSetDetail, ReleaseGateway, StackEvent, UpdateRequest } from '../../core/aws/ports';
import type { ReleaseLog } from './types';

/**
 * The release gateway as the flows see it: it remembers every change set it
 * made until it is executed or deleted, so `cleanup` can delete what is left.
 * Writes are sent without the abort signal: a create or execute that was sent
 * is seen through (and then deleted or followed), never left in doubt.
 */
export class ChangeSetTracker implements ReleaseGateway {
  readonly open = new Map<string, string>();
  constructor(
    private readonly inner: ReleaseGateway,
    private readonly log: ReleaseLog,
  ) {}

  async createChangeSet(
    request: UpdateRequest & { changeSetName: string; description?: string },
  ): Promise<{ id: string }> {
    const out = await this.inner.createChangeSet(request);
    this.open.set(request.changeSetName, request.stackName);
    this.log.info(`Creating change set ${request.changeSetName} on ${request.stackName}`);
    return out;
  }
  describeChangeSet(stackName: string, changeSetName: string, signal?: Cancellation): Promise<ChangeSetDetail> {
    return this.inner.describeChangeSet(stackName, changeSetName, signal);
  }
  async executeChangeSet(stackName: string, changeSetName: string): Promise<void> {
    await this.inner.executeChangeSet(stackName, changeSetName);
    this.open.delete(changeSetName);
  }
  async deleteChangeSet(stackName: string, changeSetName: string): Promise<void> {
    await this.inner.deleteChangeSet(stackName, changeSetName);
    this.open.delete(changeSetName);
    this.log.info(`Deleted change set ${changeSetName} on ${stackName}`);
  }
  updateStack(request: UpdateRequest): Promise<{ stackId: string }> {
    return this.inner.updateStack(request);
  }
  describeStackEvents(stackName: string, since: string, signal?: Cancellation): Promise<StackEvent[]> {
    return this.inner.describeStackEvents(stackName, since, signal);
  }

  /** Delete every change set made and neither executed nor deleted yet. */
  async cleanup(why: string): Promise<void> {
    for (const [name, stackName] of [...this.open]) {
      try {
        this.log.info(`Deleting change set ${name} on ${stackName}: ${why}`);
        await this.deleteChangeSet(stackName, name);
      } catch (e) {
        this.open.delete(name);
        this.log.error(
          `Could not delete change set ${name} on ${stackName}: ${isAwsError(e) ? describeAwsError(e) : String(e)}. Delete it in the console.`,
        );
      }
    }
  }
}
