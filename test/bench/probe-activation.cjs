// Loads a built extension (dist/extension.js) outside VS Code and activates it, with `vscode`
// replaced by an inert stand-in, then prints one JSON line: the time from the start of loading
// the module to the return of activate(), and which bundle files were loaded.
// Used by `npm run bench` (test/bench/startup.ts) and test/unit/lazy-aws.test.ts.
// Usage: node probe-activation.cjs <dist folder>
'use strict';
const Module = require('node:module');
const path = require('node:path');

/** Any property, call or `new` gives another stand-in; it is not a thenable, iterates as empty, prints as its path. */
function standIn(name) {
  return new Proxy(function () {}, {
    get(_target, prop) {
      if (prop === 'then') return undefined;
      if (prop === Symbol.iterator) return function* () {};
      if (prop === Symbol.toPrimitive || prop === 'toString') return () => name;
      // Configuration reads: the declared default.
      if (prop === 'get') return (_key, fallback) => (fallback === undefined ? standIn(`${name}.get()`) : fallback);
      return standIn(`${name}.${String(prop)}`);
    },
    set: () => true,
    defineProperty: () => true,
    apply: () => standIn(`${name}()`),
    construct: () => standIn(`new ${name}`),
  });
}

// The bundle's `import * as vscode` copies own keys, or (for an ES module) inherits from its prototype.
const vscode = Object.create(standIn('vscode'));
vscode.__esModule = true;
const originalLoad = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : originalLoad.call(this, request, ...rest);
};

const dist = path.resolve(process.argv[2] ?? 'dist');
const memento = { get: (_k, d) => d, update: async () => undefined, keys: () => [] };
const context = {
  subscriptions: [],
  globalState: memento,
  workspaceState: memento,
  extension: { packageJSON: require(path.join(__dirname, '..', '..', 'package.json')) },
  extensionMode: 1,
  extensionUri: standIn('extensionUri'),
  extensionPath: path.join(__dirname, '..', '..'),
};

const start = performance.now();
const extension = require(path.join(dist, 'extension.js'));
extension.activate(context);
const activateMs = performance.now() - start;
const loaded = Object.keys(require.cache).filter((f) => f.startsWith(dist) || f.includes('@aws-sdk'));
process.stdout.write(JSON.stringify({ activateMs, loaded }) + '\n');
// Nothing should keep running after activation; timers the extension set are not waited for.
process.exit(0);
