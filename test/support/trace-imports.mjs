// Loaded with `node --import`: records every module URL the process resolves into
// $TRACE_IMPORTS_FILE, so a test can prove which packages a command loads.
import { register } from 'node:module';

register('./trace-imports-hooks.mjs', import.meta.url, { data: { file: process.env.TRACE_IMPORTS_FILE } });
