// npm pack's prepack: the package's dist/ is the CLI bundled as a clone runs it, without its
// source map. Types are checked by `npm run lint`, not here.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './bundle.js';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(join(root, 'dist'), { recursive: true, force: true });
await bundleCli(root, join(root, 'dist', 'cli'));
