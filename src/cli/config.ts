import * as path from 'node:path';
import { CONFIG_FILE_NAMES, LineIndex, parseProjectConfig, type ProjectConfig } from '../core';
import { UsageError } from './io';
import { readRegularFile } from './read';
import { decodeTemplateBytes } from './decode';
import { statOrWhy } from './files';

/** A config file is a few lines; anything near this is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadedConfig {
  file: string;
  config: ProjectConfig;
}

export type ConfigMode = { kind: 'search' } | { kind: 'file'; path: string } | { kind: 'none' };

/**
 * Finds the project config for each file: `--config FILE` for all, `--no-config`
 * for none, else the nearest `.cfn-hup-tools.{yaml,yml,json}` walking up from
 * the file's folder, stopping at a repository root (a folder holding `.git`) or
 * the filesystem root. Each folder is looked at once.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, Promise<LoadedConfig | undefined>>();
  private readonly loaded = new Map<string, Promise<LoadedConfig>>();

  constructor(
    private readonly mode: ConfigMode,
    private readonly warn: (text: string) => void,
  ) {}

  async forFile(file: string): Promise<LoadedConfig | undefined> {
    if (this.mode.kind === 'none') return undefined;
    if (this.mode.kind === 'file') return this.load(this.mode.path, true);
    return this.forDir(path.dirname(file));
  }

  private forDir(dir: string): Promise<LoadedConfig | undefined> {
    let hit = this.byDir.get(dir);
    if (!hit) {
      hit = this.search(dir);
      this.byDir.set(dir, hit);
    }
    return hit;
  }

  private async search(dir: string): Promise<LoadedConfig | undefined> {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      // Synchronous stats: a few per folder, once per folder; the thread pool's round trips cost more.
      const stat = statOrWhy(candidate);
      if (stat?.isFile()) return this.load(candidate, false);
    }
    const git = statOrWhy(path.join(dir, '.git'));
    const parent = path.dirname(dir);
    if (git || parent === dir) return undefined;
    return this.forDir(parent);
  }

  private load(file: string, named: boolean): Promise<LoadedConfig> {
    let hit = this.loaded.get(file);
    if (!hit) {
      hit = this.read(file, named);
      this.loaded.set(file, hit);
    }
    return hit;
  }

  private async read(file: string, named: boolean): Promise<LoadedConfig> {
    const read = await readRegularFile(file, MAX_CONFIG_BYTES);
    if (!read.ok)
      throw new UsageError(
        `cannot read the config file ${file} (${read.reason})${named ? '' : '; fix it or run with --no-config'}`,
      );
    const decoded = decodeTemplateBytes(read.bytes);
    if (!decoded.ok) throw new UsageError(`cannot read the config file ${file} (${decoded.reason})`);
    const text = decoded.text;
    const { config, problems } = parseProjectConfig(text, file);
    const index = new LineIndex(text);
    const describe = (p: (typeof problems)[number]) => {
      const at = index.positionAt(p.start);
      return `${file}:${at.line + 1}:${at.character + 1}: ${p.severity}: ${p.message}`;
    };
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length) throw new UsageError(`invalid config file:\n${errors.map(describe).join('\n')}`);
    for (const p of problems) this.warn(`cfn-hup-tools: ${describe(p)}\n`);
    return { file, config };
  }
}
