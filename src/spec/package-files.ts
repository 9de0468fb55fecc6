import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'datocms-token-contract';

/**
 * The nearest folder above this module whose package.json is ours. The module runs from src/
 * (the tests), from dist/ (the installed package) or from a bundle in node_modules/.cache (a
 * clone's CLI), so a path relative to the module itself would differ between the three.
 */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME
    )
      return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json of ${PACKAGE_NAME} above ${import.meta.url}`);
  }
}

const ROOT = packageRoot();

/** A file of the package, by its path from the package's root (`spec/cma.openapi.yaml`). */
export const packageFile = (path: string): string => join(ROOT, path);
