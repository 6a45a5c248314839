import * as vscode from 'vscode';
import type { Finding, Severity } from '../core';

/** The one place where core findings (UTF-16 offsets) become VS Code diagnostics. */
export const DIAGNOSTIC_SOURCE = 'cfn-hup';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Anything that maps an offset to a position: a TextDocument, or core's LineIndex for unopened files. */
export interface OffsetMapper {
  positionAt(offset: number): { line: number; character: number };
}

export function toPosition(map: OffsetMapper, offset: number): vscode.Position {
  const p = map.positionAt(offset);
  return new vscode.Position(p.line, p.character);
}

export function toRange(map: OffsetMapper, start: number, end: number): vscode.Range {
  return new vscode.Range(toPosition(map, start), toPosition(map, Math.max(start, end)));
}

export function toDiagnostic(map: OffsetMapper, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(map, f.start, f.end), f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = f.ruleId;
  return d;
}

export function toDiagnostics(map: OffsetMapper, findings: readonly Finding[]): vscode.Diagnostic[] {
  return findings.map((f) => toDiagnostic(map, f));
}
