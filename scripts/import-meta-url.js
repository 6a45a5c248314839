// Injected into the CJS bundles: ESM dependencies (fdir, under tinyglobby) read import.meta.url.
export const importMetaUrl = require('url').pathToFileURL(__filename).href;
