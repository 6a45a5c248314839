import { lintFile, type FileOutcome, type FileTask } from './lintFile';

/** Analyse every task; outcomes in task order. */
export async function analyzeInPool(tasks: FileTask[], _jobs?: number): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  for (const task of tasks) outcomes.push(await lintFile(task));
  return outcomes;
}
