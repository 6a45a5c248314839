import type * as vscode from 'vscode';
import type { CfnHupApi } from './api';
import type { AwsSession } from './aws/session';
import type { ExplorerTestingApi } from './explorer';
import type { ReleaseTestingApi } from './release';
import type { InstancesTestingApi } from './instances/commands';

/**
 * What the integration tests reach, in development and test mode only
 * (ExtensionMode.Development/Test): activate() adds it to the API there and
 * never in production. The one seam is the session: `usePrompter` answers
 * every prompt (release, explorer, profile/region pickers) and
 * `useConnection` points every AWS call at a loopback endpoint with dummy
 * credentials; both throw outside these modes. The rest only observes.
 */
export interface CfnHupTesting {
  readonly session: AwsSession;
  readonly release: ReleaseTestingApi;
  readonly explorer: ExplorerTestingApi;
  /** The template paths behind the `cfnHup.templates` context key of the release menus. */
  readonly templates: { readonly paths: string[]; readonly onDidChange: vscode.Event<string[]> };
  readonly instances: InstancesTestingApi;
}

/** The API as a development or test extension host returns it. */
export interface CfnHupDevelopmentApi extends CfnHupApi {
  readonly testing: CfnHupTesting;
}
