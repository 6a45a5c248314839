import * as vscode from 'vscode';
import type { AwsSession } from '../aws/session';
import { LIVE_SCHEME } from './contextValues';
import { templateFormat } from './model';

/**
 * Read-only documents of what AWS holds, under the `cfn-hup-live:` scheme:
 *   /<stack>/<LogicalId>.live-metadata.json      DescribeStackResource's Metadata
 *   /<stack>/<LogicalId>.local-metadata.json     a local template's Metadata, rendered (for the diff)
 *   /<stack>/<stack>.deployed.<json|yaml>        GetTemplate, in the format it was deployed
 * The query names the region, so two regions' stacks never share a document.
 * Content is set by the commands that fetched it; a document reopened later
 * (e.g. after a reload) is fetched again.
 */
export class LiveDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly registration: vscode.Disposable;

  constructor(private readonly session: AwsSession) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, this);
  }

  static metadataUri(stack: string, logicalId: string, region: string | undefined): vscode.Uri {
    return vscode.Uri.from({
      scheme: LIVE_SCHEME,
      path: `/${stack}/${logicalId}.live-metadata.json`,
      query: `region=${region ?? ''}`,
    });
  }

  static renderedUri(stack: string, logicalId: string, region: string | undefined, source: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({
      scheme: LIVE_SCHEME,
      path: `/${stack}/${logicalId}.local-metadata.json`,
      query: `region=${region ?? ''}&source=${encodeURIComponent(source.toString())}`,
    });
  }

  static templateUri(stack: string, body: string, region: string | undefined): vscode.Uri {
    return vscode.Uri.from({
      scheme: LIVE_SCHEME,
      path: `/${stack}/${stack}.deployed.${templateFormat(body)}`,
      query: `region=${region ?? ''}`,
    });
  }

  /** Sets (or replaces) a document's content; an open document updates. */
  set(uri: vscode.Uri, content: string): void {
    const key = uri.toString();
    const changed = this.contents.has(key) && this.contents.get(key) !== content;
    this.contents.set(key, content);
    if (changed) this.emitter.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const known = this.contents.get(uri.toString());
    if (known !== undefined) return known;
    const m = /^\/([^/]+)\/([^/]+)\.(live-metadata\.json|deployed\.json|deployed\.yaml|local-metadata\.json)$/.exec(
      uri.path,
    );
    if (!m) return '';
    const [, stack, name, kind] = m as unknown as [string, string, string, string];
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const g = this.session.gateways();
    if (kind === 'live-metadata.json') {
      const r = await g.stacks.describeStackResource(stack, name, controller.signal);
      return metadataText(r.metadata);
    }
    if (kind.startsWith('deployed.')) return (await g.stacks.getTemplate(stack, controller.signal)).body;
    return '// Run "Compare Live Metadata with Local Template" again to render this document.\n';
  }

  dispose(): void {
    this.registration.dispose();
    this.emitter.dispose();
  }
}

export function metadataText(metadata: unknown): string {
  return JSON.stringify(metadata ?? null, null, 2) + '\n';
}
