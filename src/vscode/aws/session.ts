import * as vscode from 'vscode';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { AwsGateways } from '../../aws/gateways';
import { createGateways, regionsOfPartition } from '../../aws/lazy';
import { listProfiles, readSharedConfigText, type ProfileInfo } from '../../aws/profiles';
import { configuredEndpoints } from '../../core/aws/configuredEndpoints';
import type { EndpointInUse } from '../../core/aws/endpoint';
import type { RegionInfo } from '../../aws/regions';
import { mergePrompter, type Prompter } from '../prompter';
import { windowPrompter } from '../windowPrompter';
import { AwsError } from '../../core/aws/errors';
import type { RequestTimeouts } from '../../aws/timeouts';
import {
  ALLOW_INSECURE_SETTING,
  ENDPOINT_SETTING,
  endpointState,
  requestTimeouts,
  statusView,
  type EndpointState,
} from './connectionView';

/** Where the explorer and the release commands call AWS. */
export interface Connection {
  profile: string | undefined;
  region: string | undefined;
  endpointUrl: string | undefined;
}

/**
 * A connection given in code instead of settings and state: the integration
 * tests point the extension at moto with dummy credentials this way, so no
 * user setting is ever written. Only in development and test mode; not
 * persisted; `useConnection(undefined)` ends it.
 */
export interface ConnectionOverride {
  endpointUrl?: string;
  region?: string;
  profile?: string;
  /** Explicit credentials (tests: dummy keys); otherwise the SDK's default chain for `profile`. */
  credentials?: AwsCredentialIdentity;
  /** Throttling retries (tests: fewer, shorter). */
  retry?: { attempts?: number; baseDelayMs?: number };
  /** Milliseconds between polls (release progress, the explorer's in-progress stacks) instead of the settings. */
  pollMs?: number;
  /** Wraps the gateways, e.g. to count calls or inject failures at the port boundary. */
  decorate?: GatewayDecorator;
}

/** Wraps the gateways of a connection. */
export type GatewayDecorator = (gateways: AwsGateways) => AwsGateways;

const PROFILE_KEY = 'cfnHup.aws.profile';
const REGION_KEY = 'cfnHup.aws.region';

/** The status bar item's click: a menu of the connection's settings and pickers. */
export const CONNECTION_MENU_COMMAND = '_cfnHup.aws.connectionMenu';

/** What the status bar item shows (for the integration tests). */
export interface StatusBarState {
  text: string;
  tooltip: string;
  visible: boolean;
  warning: boolean;
}

/** A region name as AWS writes them: us-east-1, ap-northeast-3, us-gov-west-1, … */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The AWS profile and region the user picked (kept in the extension's own
 * state, never in their settings), the optional endpoint from the
 * `cfnHup.aws.endpointUrl` setting (moto, LocalStack), and one set of
 * gateways for them. Credentials are resolved by the SDK and never seen here.
 * It also holds the one Prompter every command asks with. In development and
 * test mode (only) a test may replace the prompter and the connection: the
 * extension's single test seam.
 */
export class AwsSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Connection>();
  readonly onDidChange = this.changed.event;
  private cached: { key: string; gateways: AwsGateways } | undefined;
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private connectionOverride: ConnectionOverride | undefined;
  private currentPrompter: Prompter = windowPrompter;
  /** Bumped whenever the override changes, so gateways are rebuilt. */
  private generation = 0;
  /** Each profile's own region, from the shared config files. */
  private profileRegions = new Map<string, string>();
  /** The explorer is visible. */
  private explorerVisible = false;
  /** An AWS feature was used in this window (gateways were asked for). */
  private awsUsed = false;
  private statusVisible = false;

  constructor(
    private readonly state: vscode.Memento,
    /** Development or test mode: only then may the prompter and the connection be replaced. */
    private readonly allowOverrides = false,
  ) {
    this.status = vscode.window.createStatusBarItem('cfnHup.aws', vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'cfn-hup: AWS profile and region';
    this.status.command = { command: CONNECTION_MENU_COMMAND, title: 'AWS connection' };
    this.disposables.push(
      this.changed,
      this.status,
      vscode.commands.registerCommand(CONNECTION_MENU_COMMAND, () => this.connectionMenu()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('cfnHup.aws')) this.fire();
      }),
    );
    this.render();
    void this.readProfiles().then(() => this.fire());
  }

  get connection(): Connection {
    const config = vscode.workspace.getConfiguration('cfnHup.aws');
    const endpoint = config.get<string>('endpointUrl', '').trim();
    // An override's fields win; what it leaves out comes from the picked profile/region and the settings.
    const o = this.connectionOverride;
    const profile =
      o?.profile ??
      this.state.get<string>(PROFILE_KEY) ??
      (config.get<string>('profile', '').trim() || process.env.AWS_PROFILE || undefined);
    return {
      profile,
      region: o?.region ?? this.state.get<string>(REGION_KEY) ?? this.defaultRegion(profile),
      endpointUrl: o?.endpointUrl ?? (endpoint || undefined),
    };
  }

  /**
   * The region when none is picked: the `cfnHup.aws.region` setting, else AWS_REGION, else the
   * profile's own region (from ~/.aws/config, read when a profile is chosen and at start).
   */
  private defaultRegion(profile: string | undefined): string | undefined {
    const config = vscode.workspace.getConfiguration('cfnHup.aws');
    return (
      config.get<string>('region', '').trim() ||
      process.env.AWS_REGION ||
      process.env.AWS_DEFAULT_REGION ||
      this.profileRegions.get(profile ?? 'default') ||
      undefined
    );
  }

  private async readProfiles(): Promise<ProfileInfo[]> {
    let profiles: ProfileInfo[] = [];
    try {
      profiles = await listProfiles();
    } catch {
      profiles = [];
    }
    this.profileRegions = new Map(profiles.flatMap((p) => (p.region ? [[p.name, p.region] as const] : [])));
    return profiles;
  }

  /**
   * The endpoints calls go to when not AWS's own (the setting, a test's
   * override, or AWS_ENDPOINT_URL[_<SERVICE>] in the extension host's
   * environment), and why no call may be made, if so.
   */
  get endpoints(): EndpointState {
    const { endpointUrl: explicit, profile } = this.connection;
    const source = this.connectionOverride?.endpointUrl !== undefined ? 'the test connection' : ENDPOINT_SETTING;
    return endpointState(
      explicit !== undefined ? { url: explicit, source } : undefined,
      // Machine scope: only the user's own settings can allow it, never a workspace.
      vscode.workspace.getConfiguration('cfnHup.aws').get<boolean>('allowInsecureEndpoint', false) === true,
      process.env,
      explicit !== undefined ? [] : this.configFileEndpoints(profile),
    );
  }

  /** The endpoint_url the picked profile sets in the shared config file, which the SDK would follow. */
  private configFileEndpoints(profile: string | undefined): EndpointInUse[] {
    const config = readSharedConfigText(process.env);
    return configuredEndpoints(config.text, profile ?? 'default', config.label);
  }

  /** Per request, from cfnHup.aws.requestTimeoutSeconds. */
  get timeouts(): RequestTimeouts {
    return requestTimeouts(vscode.workspace.getConfiguration('cfnHup.aws').get<unknown>('requestTimeoutSeconds'));
  }

  /**
   * Gateways for the current connection; rebuilt when it changes. Throws an
   * AwsError, before any request, when the endpoint would send credentials
   * in clear (the CLI's --allow-insecure-endpoint rule).
   */
  gateways(): AwsGateways {
    const c = this.connection;
    const endpoints = this.endpoints;
    const timeouts = this.timeouts;
    if (!this.awsUsed) {
      this.awsUsed = true;
      this.render();
    }
    if (endpoints.problem)
      throw new AwsError(
        'Validation',
        endpoints.problem,
        `Open the AWS settings (the cloud item in the status bar): use an https or loopback ${ENDPOINT_SETTING}, or set ${ALLOW_INSECURE_SETTING} in your user settings if you accept the risk.`,
      );
    const key = JSON.stringify([c, timeouts, this.generation]);
    if (this.cached?.key === key) return this.cached.gateways;
    this.cached?.gateways.dispose();
    const o = this.connectionOverride;
    const gateways = createGateways({
      profile: c.profile,
      region: c.region,
      endpointUrl: c.endpointUrl,
      timeouts,
      ...(o?.credentials ? { credentials: o.credentials } : {}),
      ...(o?.retry ? { retry: o.retry } : {}),
    });
    this.cached = { key, gateways: o?.decorate ? o.decorate(gateways) : gateways };
    return this.cached.gateways;
  }

  /** The connection override in use (development and test mode), if any. */
  get override(): Readonly<ConnectionOverride> | undefined {
    return this.connectionOverride;
  }

  /** Use this connection instead of the settings and the picked profile/region (development and test mode only); undefined goes back. */
  useConnection(override: ConnectionOverride | undefined): void {
    this.assertOverridable('useConnection');
    this.connectionOverride = override ? { ...override } : undefined;
    this.generation++;
    this.fire();
  }

  /** What every command asks with: the window's prompts, unless a test replaced them. */
  get prompter(): Prompter {
    return this.currentPrompter;
  }

  /** Answer prompts with these methods (the window's for the rest) in development and test mode; undefined restores the window's. */
  usePrompter(replacement: Partial<Prompter> | undefined): void {
    this.assertOverridable('usePrompter');
    this.currentPrompter = replacement ? mergePrompter(windowPrompter, replacement) : windowPrompter;
  }

  private assertOverridable(what: string): void {
    if (!this.allowOverrides) throw new Error(`AwsSession.${what} is for development and test mode only`);
  }

  async setProfile(profile: string | undefined): Promise<void> {
    await this.state.update(PROFILE_KEY, profile);
    this.fire();
  }

  async setRegion(region: string | undefined): Promise<void> {
    await this.state.update(REGION_KEY, region);
    this.fire();
  }

  async chooseProfile(): Promise<void> {
    const profiles = await this.readProfiles();
    const current = this.connection.profile;
    const items: (vscode.QuickPickItem & { profile?: string })[] = [
      {
        label: '$(key) Environment / default chain',
        description: 'AWS_* variables, the default profile, an instance role',
        profile: undefined,
      },
      ...profiles.map((p) => ({
        label: p.name,
        description: [p.region, p.source].filter(Boolean).join(' · '),
        profile: p.name,
        picked: p.name === current,
      })),
    ];
    const picked = await this.prompter.showQuickPick(items, {
      title: 'AWS profile for cfn-hup Tools',
      placeHolder: profiles.length
        ? 'Profiles from ~/.aws/config and ~/.aws/credentials'
        : 'No profiles found in ~/.aws: use the environment',
    });
    if (!picked) return;
    // A region picked for the previous profile does not follow to another one (maybe another
    // account): the new profile starts from its own region until the user picks one again.
    if (picked.profile !== current) await this.state.update(REGION_KEY, undefined);
    await this.setProfile(picked.profile);
  }

  /**
   * Every region of the current region's partition, from the SDK's own endpoint data (so no
   * region is missing from a hand-kept list), "use the profile's region" (clears the pick), and
   * any other region name typed in.
   */
  async chooseRegion(): Promise<void> {
    const { profile, region: current } = this.connection;
    const fallback = this.defaultRegion(profile);
    let regions: RegionInfo[] = [];
    try {
      regions = regionsOfPartition(current).regions;
    } catch {
      regions = []; // the SDK's data could not be read: typing a region still works
    }
    type Item = vscode.QuickPickItem & { region?: string; choice: 'default' | 'region' | 'other' };
    const items: Item[] = [
      {
        label: "$(account) Use the profile's region",
        description: fallback ?? 'none is set',
        detail:
          "Clears the region picked here: the cfnHup.aws.region setting, AWS_REGION or the profile's own region applies.",
        choice: 'default',
      },
      ...regions.map((r): Item => ({
        label: r.name,
        description: [r.description, r.name === current ? 'current' : undefined].filter(Boolean).join(' · '),
        picked: r.name === current,
        region: r.name,
        choice: 'region',
      })),
      { label: '$(edit) Another region…', description: 'type its name', choice: 'other' },
    ];
    const picked = await this.prompter.showQuickPick(items, {
      title: 'AWS region for cfn-hup Tools',
      placeHolder: current ? `Now: ${current}` : 'No region is set',
      matchOnDescription: true,
    });
    if (!picked) return;
    if (picked.choice === 'default') return this.setRegion(undefined);
    if (picked.choice === 'region') return this.setRegion(picked.region);
    const typed = await this.prompter.showInputBox({
      title: 'AWS region for cfn-hup Tools',
      prompt: 'A region name, e.g. ap-northeast-3 or us-gov-west-1',
      value: current ?? '',
      validateInput: (v) => (REGION_NAME.test(v.trim()) ? undefined : 'A region name such as eu-central-2'),
    });
    if (typed && REGION_NAME.test(typed.trim())) await this.setRegion(typed.trim());
  }

  private fire(): void {
    this.render();
    this.changed.fire(this.connection);
  }

  private render(): void {
    const c = this.connection;
    const endpoints = this.endpoints;
    const view = statusView({
      profile: c.profile,
      region: c.region,
      endpoints: endpoints.endpoints,
      problem: endpoints.problem,
      timeouts: this.timeouts,
    });
    this.status.text = view.text;
    this.status.tooltip = view.tooltip.join('\n\n');
    this.status.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    // Always shown while calls would go somewhere other than AWS's own endpoint; otherwise while AWS is in use.
    const visible = this.explorerVisible || this.awsUsed || endpoints.endpoints.length > 0;
    if (visible !== this.statusVisible) {
      this.statusVisible = visible;
      if (visible) this.status.show();
      else this.status.hide();
    }
  }

  /** The explorer became visible or hidden: the item shows while it is (and whenever AWS was used). */
  showStatus(explorerVisible: boolean): void {
    this.explorerVisible = explorerVisible;
    this.render();
  }

  /** What the status bar item shows now. */
  get statusBar(): StatusBarState {
    return {
      text: this.status.text,
      tooltip: typeof this.status.tooltip === 'string' ? this.status.tooltip : (this.status.tooltip?.value ?? ''),
      visible: this.statusVisible,
      warning: this.status.backgroundColor !== undefined,
    };
  }

  /**
   * The status bar item's click: choose the profile or region (the
   * extension's own state), or open the AWS settings for the user to edit.
   * No setting is written here.
   */
  async connectionMenu(): Promise<void> {
    const { endpoints, problem } = this.endpoints;
    type Item = vscode.QuickPickItem & { action: 'profile' | 'region' | 'settings' };
    const fromEnvironment = endpoints.filter((e) => e.source.startsWith('AWS_ENDPOINT_URL'));
    const items: Item[] = [
      {
        label: '$(account) Choose AWS profile…',
        description: this.connection.profile ?? 'default chain',
        action: 'profile',
      },
      { label: '$(globe) Choose AWS region…', description: this.connection.region ?? 'none', action: 'region' },
      {
        label: '$(settings-gear) Open AWS settings',
        description: `endpoint, insecure endpoints, request timeout (${this.timeouts.requestMs / 1000} s)`,
        detail: problem
          ? `Calls are refused: ${problem}`
          : fromEnvironment.length
            ? `${fromEnvironment.map((e) => e.source).join(', ')} set in VS Code's environment: ${ENDPOINT_SETTING} overrides it.`
            : undefined,
        action: 'settings',
      },
    ];
    const picked = await this.prompter.showQuickPick(items, { title: 'cfn-hup Tools: AWS connection' });
    if (picked?.action === 'profile') return this.chooseProfile();
    if (picked?.action === 'region') return this.chooseRegion();
    if (picked?.action === 'settings')
      await vscode.commands.executeCommand('workbench.action.openSettings', 'cfnHup.aws');
  }

  dispose(): void {
    this.cached?.gateways.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
