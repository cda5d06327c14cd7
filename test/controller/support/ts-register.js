/**
 * Lets a child `node` process run the controller's TypeScript sources directly (for the tests
 * that start controller/main.ts as a real process): each .ts file is transpiled on load with
 * the project's compiler options, as ts-jest does for the tests themselves.
 *
 *   node -r ./test/controller/support/ts-register.js controller/main.ts --once
 */
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '../../..');
const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(configFile.config.compilerOptions, root);
options.sourceMap = false;
options.inlineSourceMap = true;

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: options,
    fileName: filename,
  });
  module._compile(outputText, filename);
};
