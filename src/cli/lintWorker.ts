// A lint worker thread (dist/lint-worker.js): analyses the files the pool hands it, one at a time.
import { parentPort } from 'node:worker_threads';
import { lintFile, type FileTask } from './lintFile';

parentPort?.on('message', (message: { index: number; task: FileTask }) => {
  void lintFile(message.task).then((outcome) => parentPort!.postMessage({ index: message.index, outcome }));
});
