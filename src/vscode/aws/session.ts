import * as vscode from 'vscode';
import { createGateways, type AwsGateways } from '../../aws/gateways';
import { listProfiles, type ProfileInfo } from '../../aws/profiles';

/** Where the explorer and the release commands call AWS. */
export interface Connection {
  profile: string | undefined;
  region: string | undefined;
  endpointUrl: string | undefined;
}

const PROFILE_KEY = 'cfnHup.aws.profile';
const REGION_KEY = 'cfnHup.aws.region';

export const COMMON_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-south-1', 'sa-east-1', 'af-south-1', 'me-south-1'];

/**
 * The AWS profile and region the user picked (kept in the extension's own
 * state, never in their settings), the optional endpoint from the
 * `cfnHup.aws.endpointUrl` setting (moto, LocalStack), and one set of
 * gateways for them. Credentials are resolved by the SDK and never seen here.
 */
export class AwsSession implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Connection>();
  readonly onDidChange = this.changed.event;
  private cached: { key: string; gateways: AwsGateways } | undefined;
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly state: vscode.Memento) {
    this.status = vscode.window.createStatusBarItem('cfnHup.aws', vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'cfn-hup: AWS profile and region';
    this.status.command = 'cfnHup.aws.chooseProfile';
    this.disposables.push(
      this.changed,
      this.status,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('cfnHup.aws')) this.fire();
      }),
    );
    this.render();
  }

  get connection(): Connection {
    const config = vscode.workspace.getConfiguration('cfnHup.aws');
    const endpoint = config.get<string>('endpointUrl', '').trim();
    return {
      profile: this.state.get<string>(PROFILE_KEY) ?? (config.get<string>('profile', '').trim() || process.env.AWS_PROFILE || undefined),
      region: this.state.get<string>(REGION_KEY) ?? (config.get<string>('region', '').trim() || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined),
      endpointUrl: endpoint || undefined,
    };
  }

  /** Gateways for the current connection; rebuilt when it changes. */
  gateways(): AwsGateways {
    const c = this.connection;
    const key = JSON.stringify(c);
    if (this.cached?.key === key) return this.cached.gateways;
    this.cached?.gateways.dispose();
    this.cached = { key, gateways: createGateways({ profile: c.profile, region: c.region, endpointUrl: c.endpointUrl }) };
    return this.cached.gateways;
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
    let profiles: ProfileInfo[] = [];
    try {
      profiles = await listProfiles();
    } catch {
      profiles = [];
    }
    const current = this.connection.profile;
    const items: (vscode.QuickPickItem & { profile?: string })[] = [
      { label: '$(key) Environment / default chain', description: 'AWS_* variables, the default profile, an instance role', profile: undefined },
      ...profiles.map((p) => ({ label: p.name, description: [p.region, p.source].filter(Boolean).join(' · '), profile: p.name, picked: p.name === current })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'AWS profile for cfn-hup Tools', placeHolder: profiles.length ? 'Profiles from ~/.aws/config and ~/.aws/credentials' : 'No profiles found in ~/.aws: use the environment' });
    if (!picked) return;
    await this.setProfile(picked.profile);
    const region = profiles.find((p) => p.name === picked.profile)?.region;
    if (region && !this.state.get(REGION_KEY)) await this.setRegion(region);
  }

  async chooseRegion(): Promise<void> {
    const current = this.connection.region;
    const picked = await vscode.window.showQuickPick(
      COMMON_REGIONS.map((r) => ({ label: r, picked: r === current, description: r === current ? 'current' : undefined })),
      { title: 'AWS region for cfn-hup Tools' },
    );
    if (picked) await this.setRegion(picked.label);
  }

  private fire(): void {
    this.render();
    this.changed.fire(this.connection);
  }

  private render(): void {
    const c = this.connection;
    this.status.text = `$(cloud) ${c.profile ?? 'default'} · ${c.region ?? 'no region'}${c.endpointUrl ? ' · endpoint' : ''}`;
    this.status.tooltip = `cfn-hup Tools calls AWS as profile "${c.profile ?? '(default chain)'}" in ${c.region ?? 'the profile\'s region'}${c.endpointUrl ? ` at ${c.endpointUrl}` : ''}. Click to change the profile.`;
  }

  /** Shown while the explorer is visible or a release runs. */
  showStatus(visible: boolean): void {
    if (visible) this.status.show();
    else this.status.hide();
  }

  dispose(): void {
    this.cached?.gateways.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
